import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/** The answer of {@link MutationRateLimiter.take}: allowed, or refused with the wait until the next window. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Mutations per principal per fixed window (rate-limiter-flexible). With Redis the count is one per principal
 * for all processes sharing that Redis, so N replicas do not give N × the limit; while Redis is unreachable each
 * process counts alone (the library's insurance limiter), so mutations keep working through a Redis outage.
 * Without Redis (the embedded default, one process) the count is in memory.
 */
export class MutationRateLimiter {
  readonly #limiter: RateLimiterAbstract;

  /**
   * @param options.limit mutations allowed per window
   * @param options.windowMs window length in milliseconds, applied in whole seconds (at least 1 s)
   * @param options.redis shared store; undefined for the in-memory store
   * @param options.keyPrefix Redis key prefix (the deployment's, so deployments sharing a Redis do not mix)
   */
  constructor(options: { limit: number; windowMs: number; redis: Redis | undefined; keyPrefix: string }) {
    const shape = {
      points: options.limit,
      duration: Math.max(1, Math.round(options.windowMs / 1000)),
      keyPrefix: `${options.keyPrefix}rate:mutations`,
    };
    this.#limiter = options.redis
      ? new RateLimiterRedis({
          ...shape,
          storeClient: options.redis,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(shape),
        })
      : new RateLimiterMemory(shape);
  }

  /** Counts one mutation for `principal` (see `principalOf`). */
  async take(principal: string): Promise<RateDecision> {
    try {
      await this.#limiter.consume(principal);
      return { allowed: true };
    } catch (rejection) {
      // The library rejects with a RateLimiterRes when over the limit, with an Error only on a store failure
      // that its insurance limiter could not absorb.
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    }
  }
}
