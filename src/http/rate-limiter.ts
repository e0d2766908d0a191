interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per key (user or client address): `limit` requests per `windowMs`, refilled continuously, so a
 * burst up to `limit` passes and a steady stream is held to the average rate. Per process: with N processes
 * behind a load balancer a user can reach N × limit, which bounds abuse without a Redis round trip per
 * mutation (and keeps mutations working while Redis is away).
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #refillPerMs: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: { limit: number; windowMs: number; now?: () => number }) {
    this.#limit = options.limit;
    this.#refillPerMs = options.limit / options.windowMs;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Takes one token for `key`; false when the key has none left (the request must be refused). */
  tryTake(key: string): boolean {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#limit, updatedAt: now };
    bucket.tokens = Math.min(this.#limit, bucket.tokens + (now - bucket.updatedAt) * this.#refillPerMs);
    bucket.updatedAt = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 10_000) this.#forgetFullBuckets(now);
    return allowed;
  }

  /** A bucket that has refilled completely is the same as no bucket: dropping it bounds memory. */
  #forgetFullBuckets(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.#refillPerMs >= this.#limit) {
        this.#buckets.delete(key);
      }
    }
  }
}
