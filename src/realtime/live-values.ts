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
    if (bus.isSourceLost()) return end(sourceLost());
    // Registered before subscribing: while Redis is away the subscription itself waits for it.
    const stopLost = bus.onSourceLost(() => end(sourceLost()));
    const unsubscribe = await bus.subscribe(channel, (payload) => {
      if (options.accept(payload)) offer(payload);
      else logger.warn({ channel }, 'dropped a malformed channel message');
    });
    const stopResync = bus.onResubscribed(() => {
      readCommitted(true).catch((error: unknown) => {
        logger.warn({ err: error, channel }, 'resync read failed: the subscription ends');
        end(
          new LiveEnd(
            'LIVE_SOURCE_LOST',
            'Live updates stopped: the committed state could not be re-read after a gap. Subscribe again.',
          ),
        );
      });
    });
    try {
      await readCommitted(options.emitSnapshot);
    } catch (error) {
      stop(error);
    }
    await stop;
    stopLost();
    stopResync();
    unsubscribe();
  }, new SlidingBuffer(options.bufferSize));
}
