import { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { type ConnectionSlots, InProcessConnectionSlots, SharedConnectionSlots } from './connection-slots.ts';
import { MutationRateLimiter } from './rate-limiter.ts';

/** How long a dead process's WebSocket slots stay counted before they come free (its leases expire). */
const CONNECTION_LEASE_MS = 30_000;

/** The per-principal limits: one store for all processes with Redis, this process's memory without. */
export interface PrincipalLimits {
  mutations: MutationRateLimiter;
  connections: ConnectionSlots;
  close(): Promise<void>;
}

/**
 * Builds the limits on their own Redis connection (never the pub/sub ones): it fails fast while Redis is away
 * (`enableOfflineQueue: false`), and the limiters then fall back as their classes document.
 */
export async function createPrincipalLimits(config: Config, logger: Logger): Promise<PrincipalLimits> {
  const { mutationRateLimit: limit, mutationRateWindowMs: windowMs, maxConnectionsPerUser } = config.limits;
  if (!config.redisUrl) {
    return {
      mutations: new MutationRateLimiter({
        limit,
        windowMs,
        redis: undefined,
        keyPrefix: config.channelPrefix,
      }),
      connections: new InProcessConnectionSlots(maxConnectionsPerUser),
      close: async () => {},
    };
  }
  const redis = new Redis(config.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
  });
  redis.on('error', (error: Error) =>
    logger.warn({ err: error.message, client: 'limits' }, 'redis connection error'),
  );
  await redis.connect();
  const connections = new SharedConnectionSlots({
    redis,
    limit: maxConnectionsPerUser,
    keyPrefix: config.channelPrefix,
    leaseMs: CONNECTION_LEASE_MS,
    logger,
  });
  return {
    mutations: new MutationRateLimiter({ limit, windowMs, redis, keyPrefix: config.channelPrefix }),
    connections,
    async close() {
      connections.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
