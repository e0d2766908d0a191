import { RedisPubSub } from 'graphql-redis-subscriptions';
import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

/**
 * The channel layer between the after-commit publisher and live subscriptions. With Redis it crosses
 * processes; the in-process variant is only correct when exactly one process serves.
 */
export interface EventBus {
  readonly mode: 'redis' | 'in-process';
  /** Fire-and-forget for callers: failures are logged, never thrown into a committed mutation. */
  publish(channel: string, payload: unknown): Promise<void>;
  /**
   * Resolves once the channel is really subscribed (Redis confirmed SUBSCRIBE), so a snapshot read after it
   * cannot miss an event published in between. Returns the unsubscribe function.
   */
  subscribe(channel: string, onMessage: (payload: unknown) => void): Promise<() => void>;
  /**
   * The channels starting with `prefix` that have a subscriber now: with Redis, in every process sharing it
   * (`PUBSUB CHANNELS`, answered by Redis without a registry of ours); in-process, this process's own. A
   * snapshot: a channel may gain or lose its subscribers right after. Rejects while Redis is away.
   */
  channelsWithSubscribers(prefix: string): Promise<string[]>;
  /**
   * Redis pub/sub is at-most-once: messages published while the subscriber connection was down are lost, and
   * a publish while the publisher connection was down never left. Listeners run once both are back so live
   * views can re-read their committed state.
   */
  onResubscribed(listener: () => void): () => void;
  /**
   * Listeners run once a Redis link has been away longer than the outage limit: live subscriptions can no
   * longer be brought back to the committed state in time, and must tell their clients so instead of going
   * quietly stale. Returns the removal function.
   */
  onSourceLost(listener: () => void): () => void;
  /** True from the outage limit passing until both links are ready again; new subscriptions are refused. */
  isSourceLost(): boolean;
  isHealthy(): boolean;
  close(): Promise<void>;
}

class EngineBus implements EventBus {
  readonly mode: 'redis' | 'in-process';
  readonly #engine: PubSubEngine;
  /**
   * One listener per live subscription: a Set, because an EventEmitter removes listeners by scanning its
   * array, which made closing thousands of subscriptions quadratic.
   */
  readonly #resubscribedListeners = new Set<() => void>();
  readonly #sourceLostListeners = new Set<() => void>();
  #sourceLost = false;
  readonly #logger: Logger;
  readonly #healthy: () => boolean;
  readonly #closeClients: () => Promise<void>;
  readonly #listChannels: ((prefix: string) => Promise<string[]>) | undefined;
  /** Subscriptions per channel in this process, for a bus that cannot ask its engine. */
  readonly #ownChannels = new Map<string, number>();

  /** `listChannels`: the engine's own listing of subscribed channels; without it, this process's are listed. */
  constructor(options: {
    mode: 'redis' | 'in-process';
    engine: PubSubEngine;
    logger: Logger;
    healthy: () => boolean;
    close: () => Promise<void>;
    listChannels?: (prefix: string) => Promise<string[]>;
  }) {
    this.mode = options.mode;
    this.#engine = options.engine;
    this.#logger = options.logger;
    this.#healthy = options.healthy;
    this.#closeClients = options.close;
    this.#listChannels = options.listChannels;
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    await this.#engine.publish(channel, payload);
  }

  async subscribe(channel: string, onMessage: (payload: unknown) => void): Promise<() => void> {
    const id = await this.#engine.subscribe(channel, onMessage, {});
    this.#ownChannels.set(channel, (this.#ownChannels.get(channel) ?? 0) + 1);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.#engine.unsubscribe(id);
      const left = (this.#ownChannels.get(channel) ?? 1) - 1;
      if (left > 0) this.#ownChannels.set(channel, left);
      else this.#ownChannels.delete(channel);
    };
  }

  async channelsWithSubscribers(prefix: string): Promise<string[]> {
    if (this.#listChannels) return this.#listChannels(prefix);
    return [...this.#ownChannels.keys()].filter((channel) => channel.startsWith(prefix));
  }

  onResubscribed(listener: () => void): () => void {
    // A wrapper per registration, so registering the same function twice still needs two removals.
    const registration = () => listener();
    this.#resubscribedListeners.add(registration);
    return () => this.#resubscribedListeners.delete(registration);
  }

  announceResubscribed(): void {
    this.#sourceLost = false;
    this.#logger.warn('redis connections restored: live subscriptions re-read their committed state');
    for (const listener of [...this.#resubscribedListeners]) listener();
  }

  onSourceLost(listener: () => void): () => void {
    const registration = () => listener();
    this.#sourceLostListeners.add(registration);
    return () => this.#sourceLostListeners.delete(registration);
  }

  announceSourceLost(outageMs: number): void {
    this.#sourceLost = true;
    this.#logger.error(
      { outageMs, subscriptions: this.#sourceLostListeners.size },
      'redis away longer than PUBSUB_OUTAGE_LIMIT_MS: live subscriptions end with LIVE_SOURCE_LOST',
    );
    for (const listener of [...this.#sourceLostListeners]) listener();
  }

  isSourceLost(): boolean {
    return this.#sourceLost;
  }

  isHealthy(): boolean {
    return this.#healthy();
  }

  close(): Promise<void> {
    return this.#closeClients();
  }
}

export function createInProcessBus(logger: Logger): EventBus {
  logger.info('pubsub: in-process (REDIS_URL unset) - correct only while exactly one API process serves');
  return new EngineBus({
    mode: 'in-process',
    engine: new PubSub(),
    logger,
    healthy: () => true,
    close: async () => {},
  });
}

/** `text` as a Redis glob pattern matching only itself: `*`, `?`, `[`, `]` and backslash escaped. */
function globEscaped(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * `outageLimitMs`: how long either Redis link may be away before live subscriptions are told their source is
 * lost (see {@link EventBus.onSourceLost}).
 */
export async function createRedisBus(
  url: string,
  logger: Logger,
  options: { outageLimitMs: number },
): Promise<EventBus> {
  // A publish must fail fast while Redis is away instead of queueing for a minute behind a committed mutation.
  // Publishes issued in one tick (a commit's orders, each on its channel and the board) leave as one write.
  const publisher = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    enableAutoPipelining: true,
  });
  const subscriber = new Redis(url, { autoResubscribe: true, maxRetriesPerRequest: null, lazyConnect: true });
  for (const [name, client] of [
    ['publisher', publisher],
    ['subscriber', subscriber],
  ] as const) {
    client.on('error', (error: Error) =>
      logger.warn({ err: error.message, client: name }, 'redis connection error'),
    );
  }
  await Promise.all([publisher.connect(), subscriber.connect()]);
  let interrupted = false;
  let closing = false;
  // The outage clock starts when the first link drops and stops only once both are back.
  let outage: NodeJS.Timeout | undefined;
  const bus = new EngineBus({
    mode: 'redis',
    // graphql-redis-subscriptions declares ioredis 5 types; it only calls the client methods ioredis 6 keeps.
    engine: new RedisPubSub({ publisher: publisher as never, subscriber: subscriber as never }),
    logger,
    healthy: () => publisher.status === 'ready' && subscriber.status === 'ready',
    // On the publisher link: the subscriber link is in subscribe mode, where Redis refuses PUBSUB.
    listChannels: (prefix) => publisher.pubsub('CHANNELS', `${globEscaped(prefix)}*`) as Promise<string[]>,
    close: async () => {
      closing = true;
      clearTimeout(outage);
      publisher.disconnect();
      subscriber.disconnect();
    },
  });
  // Either link interrupted means events may have been missed (subscriber) or not sent (publisher, e.g. a
  // commit while the subscriber was already back but the publisher not yet). Once both are ready again —
  // 'ready' fires after every reconnect, once ioredis has re-issued the channel subscriptions — every live
  // subscription re-reads; the outbox relay publishes what could not be sent meanwhile.
  for (const client of [publisher, subscriber]) {
    client.on('close', () => {
      interrupted = true;
      if (closing || outage) return;
      outage = setTimeout(() => bus.announceSourceLost(options.outageLimitMs), options.outageLimitMs);
      outage.unref();
    });
    client.on('ready', () => {
      if (!interrupted || publisher.status !== 'ready' || subscriber.status !== 'ready') return;
      interrupted = false;
      clearTimeout(outage);
      outage = undefined;
      bus.announceResubscribed();
    });
  }
  logger.info('pubsub: redis - live events cross every API process sharing this Redis');
  return bus;
}
