import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import type { Logger } from '../logger.ts';
import type { EventBus } from './event-bus.ts';
import { LiveEnd, sourceLost } from './live-end.ts';

export interface LiveEventsOptions<T> {
  bus: EventBus;
  channel: string;
  /** Channel payloads are untrusted: only values passing this guard are considered. */
  accept: (payload: unknown) => payload is T;
  /** The subscriber's filter. */
  wants: (event: T) => boolean;
  /** Events are ordered per key (e.g. per order): a version not above the key's last delivered one is stale. */
  key: (event: T) => string;
  version: (event: T) => number;
  bufferSize: number;
  /** Keys remembered for ordering; the least recently seen are forgotten beyond this. */
  maxKeys: number;
  /** A short note kept per key with its version (e.g. an order's status), handed to `resync`. */
  note?: (event: T) => string;
  /**
   * Redis pub/sub is at-most-once: after the channel layer reconnects, the committed state of what changed
   * during the gap is re-read and offered like any event (stale versions are still dropped).
   */
  resync?: (known: ReadonlyMap<string, KnownKey>) => Promise<T[]>;
  logger: Logger;
}

/** What a stream last delivered (or skipped as unwanted) for one key. */
export interface KnownKey {
  version: number;
  note: string;
}

/**
 * A live stream of events from one shared channel (many keys), filtered per subscriber and delivered in
 * strictly increasing version order per key: a value older than one already delivered for its key is stale.
 * There is no snapshot here (a board loads its list with a query after subscribing); after a Redis reconnect
 * gap, `resync` re-reads the committed state of what the stream knows or wants. When that cannot be done —
 * the channel layer away too long, a resync read that failed — it yields a {@link LiveEnd} and completes.
 */
export function liveEvents<T>(options: LiveEventsOptions<T>): AsyncIterableIterator<T | LiveEnd> {
  const { bus, channel, logger } = options;
  return new Repeater<T | LiveEnd>(async (push, stop) => {
    const end = (reason: LiveEnd): void => {
      void push(reason);
      stop();
    };
    if (bus.isSourceLost()) return end(sourceLost());
    // Registered before subscribing: while Redis is away the subscription itself waits for it.
    const stopLost = bus.onSourceLost(() => end(sourceLost()));
    const known = new Map<string, KnownKey>();
    const offer = (event: T): void => {
      const key = options.key(event);
      const version = options.version(event);
      if (version <= (known.get(key)?.version ?? Number.NEGATIVE_INFINITY)) return;
      // Re-inserting keeps the map in least-recently-seen order, so eviction drops the stalest key.
      known.delete(key);
      known.set(key, { version, note: options.note?.(event) ?? '' });
      if (known.size > options.maxKeys) {
        const oldest = known.keys().next().value;
        if (oldest !== undefined) known.delete(oldest);
      }
      if (options.wants(event)) void push(event);
    };
    const unsubscribe = await bus.subscribe(channel, (payload) => {
      if (options.accept(payload)) offer(payload);
      else logger.warn({ channel }, 'dropped a malformed channel message');
    });
    const { resync } = options;
    const stopResync = resync
      ? bus.onResubscribed(() => {
          resync(known).then(
            (events) => {
              for (const event of events) offer(event);
            },
            (error: unknown) => {
              logger.warn({ err: error, channel }, 'resync read failed: the subscription ends');
              end(
                new LiveEnd(
                  'LIVE_SOURCE_LOST',
                  'Live updates stopped: the committed state could not be re-read after a gap. Subscribe again.',
                ),
              );
            },
          );
        })
      : () => {};
    await stop;
    stopLost();
    stopResync();
    unsubscribe();
  }, new SlidingBuffer(options.bufferSize));
}
