import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import type { Logger } from '../logger.ts';
import type { EventBus } from './event-bus.ts';

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
  logger: Logger;
}

/**
 * A live stream of events from one shared channel (many keys), filtered per subscriber and delivered in
 * strictly increasing version order per key: a value older than one already delivered for its key is stale.
 * There is no snapshot here (a board loads its list with a query after subscribing), and a Redis reconnect
 * gap is not replayed: boards re-query when their socket reconnects.
 */
export function liveEvents<T>(options: LiveEventsOptions<T>): AsyncIterableIterator<T> {
  const { bus, channel, logger } = options;
  return new Repeater<T>(async (push, stop) => {
    const lastVersion = new Map<string, number>();
    const unsubscribe = await bus.subscribe(channel, (payload) => {
      if (!options.accept(payload)) {
        logger.warn({ channel }, 'dropped a malformed channel message');
        return;
      }
      const key = options.key(payload);
      const version = options.version(payload);
      if (version <= (lastVersion.get(key) ?? Number.NEGATIVE_INFINITY)) return;
      // Re-inserting keeps the map in least-recently-seen order, so eviction drops the stalest key.
      lastVersion.delete(key);
      lastVersion.set(key, version);
      if (lastVersion.size > options.maxKeys) {
        const oldest = lastVersion.keys().next().value;
        if (oldest !== undefined) lastVersion.delete(oldest);
      }
      if (options.wants(payload)) void push(payload);
    });
    await stop;
    unsubscribe();
  }, new SlidingBuffer(options.bufferSize));
}
