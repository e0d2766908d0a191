import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import type { Logger } from '../logger.ts';
import type { EventBus } from './event-bus.ts';
import { LiveEnd, sourceLost } from './live-end.ts';

export interface LiveValuesOptions<T> {
  bus: EventBus;
  channel: string;
  /** The committed state now, read from the database; null when it no longer exists. */
  snapshot: () => Promise<T | null>;
  /** Channel payloads are untrusted: only values passing this guard are delivered. */
  accept: (payload: unknown) => payload is T;
  version: (value: T) => number;
  /** Deliver the snapshot as the first value (cartUpdated) or only use it as the baseline (settingsUpdated). */
  emitSnapshot: boolean;
  /** Values held for a slow reader; beyond it the oldest are dropped — later versions supersede them. */
  bufferSize: number;
  logger: Logger;
}

/**
 * A live view of one versioned value: subscribe first, and only once the channel is confirmed read the
 * snapshot, so nothing committed in between is lost. Values are delivered in strictly increasing version
 * order (anything not newer than the last delivered is stale and dropped), and after the channel layer
 * reconnects the committed state is re-read, because messages published during the gap are gone.
 *
 * When the view cannot be brought back — the channel layer away too long, a re-read that failed, the value
 * gone — it yields a {@link LiveEnd} saying why and completes, instead of going quietly stale.
 */
export function liveValues<T>(options: LiveValuesOptions<T>): AsyncIterableIterator<T | LiveEnd> {
  return liveStream(options, undefined);
}

/** A channel subscribed and a snapshot read before the stream started (see {@link openLiveValues}). */
interface Opened<T> {
  /** The snapshot, handed over once: the stream must not keep it for its whole life. */
  takeFirst(): T;
  channel: HeldChannel;
  /**
   * True when the channel layer reconnected since the channel was subscribed (messages may be lost); stops
   * watching, the started stream watches from here on.
   */
  takeResubscribed(): boolean;
  /** Gives back what was opened; idempotent. */
  release(): void;
}

/** A confirmed channel subscription whose messages are held, in order, until they are taken. */
interface HeldChannel {
  unsubscribe(): void;
  /** Hands the held messages to `handler`, then every later one as it arrives. */
  deliverTo(handler: (payload: unknown) => void): void;
}

async function subscribeHeld(bus: EventBus, channel: string): Promise<HeldChannel> {
  const held: unknown[] = [];
  let handler: ((payload: unknown) => void) | undefined;
  const unsubscribe = await bus.subscribe(channel, (payload) => {
    if (handler) handler(payload);
    else held.push(payload);
  });
  return {
    unsubscribe,
    deliverTo(next) {
      handler = next;
      for (const payload of held.splice(0)) next(payload);
    },
  };
}

/**
 * {@link liveValues} with the snapshot as its first value, but opened before it is returned: the channel is
 * subscribed and confirmed, then the snapshot read (same order, same guarantee), so the snapshot read answers
 * whether the value exists. Resolves with null, and nothing left subscribed, when it does not; rejects when
 * subscribing or reading fails. Past the channel layer's outage limit it resolves with a stream that yields
 * `LIVE_SOURCE_LOST` at once, as {@link liveValues} does.
 */
export async function openLiveValues<T>(
  options: Omit<LiveValuesOptions<T>, 'emitSnapshot'>,
): Promise<AsyncIterableIterator<T | LiveEnd> | null> {
  const { bus, channel } = options;
  const unopened = () => liveValues({ ...options, emitSnapshot: true });
  if (bus.isSourceLost()) return unopened();
  // While Redis is away the SUBSCRIBE waits for it; past the outage limit the stream ends instead of waiting.
  let lost!: () => void;
  const outage = new Promise<'lost'>((resolve) => {
    lost = () => resolve('lost');
  });
  const stopLost = bus.onSourceLost(lost);
  const subscribing = subscribeHeld(bus, channel);
  const held = await Promise.race([subscribing, outage]).finally(stopLost);
  if (held === 'lost') {
    subscribing.then(
      (late) => late.unsubscribe(),
      () => {},
    );
    return unopened();
  }
  let resubscribed = false;
  const stopResync = bus.onResubscribed(() => {
    resubscribed = true;
  });
  const release = () => {
    stopResync();
    held.unsubscribe();
  };
  let snapshot: T | null | undefined;
  try {
    snapshot = await options.snapshot();
  } catch (error) {
    release();
    throw error;
  }
  if (snapshot === null) {
    release();
    return null;
  }
  const stream = liveStream(
    { ...options, emitSnapshot: true },
    {
      takeFirst: () => {
        const value = snapshot as T;
        snapshot = undefined;
        return value;
      },
      channel: held,
      takeResubscribed: () => {
        stopResync();
        return resubscribed;
      },
      release,
    },
  );
  // A stream ended before it was ever read never runs its body: give back the channel here too.
  const ending: AsyncIterableIterator<T | LiveEnd> = {
    next: () => stream.next(),
    return: (value?: unknown) => {
      release();
      return stream.return(value);
    },
    throw: (error?: unknown) => {
      release();
      return stream.throw(error);
    },
    [Symbol.asyncIterator]: () => ending,
  };
  return ending;
}

function liveStream<T>(options: LiveValuesOptions<T>, opened: Opened<T> | undefined): Repeater<T | LiveEnd> {
  const { bus, channel, logger } = options;
  return new Repeater<T | LiveEnd>(async (push, stop) => {
    let lastVersion = Number.NEGATIVE_INFINITY;
    const end = (reason: LiveEnd): void => {
      void push(reason);
      stop();
    };
    const offer = (value: T): void => {
      const version = options.version(value);
      if (version <= lastVersion) return;
      lastVersion = version;
      void push(value);
    };
    const readCommitted = async (emit: boolean): Promise<void> => {
      const value = await options.snapshot();
      if (value === null) return end(new LiveEnd('NOT_FOUND', `${channel} no longer exists`));
      if (emit) offer(value);
      else lastVersion = Math.max(lastVersion, options.version(value));
    };
    const receive = (payload: unknown): void => {
      if (options.accept(payload)) offer(payload);
      else logger.warn({ channel }, 'dropped a malformed channel message');
    };
    const resync = (): void => {
      readCommitted(true).catch((error: unknown) => {
        logger.warn({ err: error, channel }, 'resync read failed: the subscription ends');
        end(
          new LiveEnd(
            'LIVE_SOURCE_LOST',
            'Live updates stopped: the committed state could not be re-read after a gap. Subscribe again.',
          ),
        );
      });
    };
    if (bus.isSourceLost()) {
      opened?.release();
      return end(sourceLost());
    }
    // Registered before subscribing: while Redis is away the subscription itself waits for it.
    const stopLost = bus.onSourceLost(() => end(sourceLost()));
    let unsubscribe: () => void;
    if (opened) {
      unsubscribe = opened.release;
      offer(opened.takeFirst());
      opened.channel.deliverTo(receive);
      const stopResync = bus.onResubscribed(resync);
      // A reconnect between the snapshot and now may have lost messages: re-read as after any other gap.
      if (opened.takeResubscribed()) resync();
      await stop;
      stopResync();
    } else {
      unsubscribe = await bus.subscribe(channel, receive);
      const stopResync = bus.onResubscribed(resync);
      try {
        await readCommitted(options.emitSnapshot);
      } catch (error) {
        stop(error);
      }
      await stop;
      stopResync();
    }
    stopLost();
    unsubscribe();
  }, new SlidingBuffer(options.bufferSize));
}
