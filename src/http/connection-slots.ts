import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import type { Release } from './socket-ledger.ts';

/** Open WebSockets per principal, at most `limit` at once. */
export interface ConnectionSlots {
  /**
   * Takes one slot for `principal` (see `principalOf`): a release function (call it when the socket closes;
   * calling it again does nothing), or undefined when the principal already holds `limit` slots.
   */
  take(principal: string): Promise<Release | undefined>;
}

/** One process's count: the embedded default, where there is no Redis and only one process. */
export class InProcessConnectionSlots implements ConnectionSlots {
  readonly #limit: number;
  readonly #open = new Map<string, number>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  async take(principal: string): Promise<Release | undefined> {
    const open = this.#open.get(principal) ?? 0;
    if (open >= this.#limit) return undefined;
    this.#open.set(principal, open + 1);
    return once(() => {
      const left = (this.#open.get(principal) ?? 1) - 1;
      if (left > 0) this.#open.set(principal, left);
      else this.#open.delete(principal);
    });
  }
}

/** The server's clock in ms (one clock for every process, so leases do not depend on their clocks agreeing). */
const NOW_MS = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS[1] the principal's leases; ARGV limit, member, lease ms. 1 when the lease was granted. */
const ACQUIRE = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** KEYS[1] the principal's leases; ARGV member, lease ms. Extends the lease of a socket that is still open. */
const RENEW = `${NOW_MS}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

type LeaseCommands = {
  acquireConnectionLease(key: string, limit: number, member: string, leaseMs: number): Promise<number>;
};

/**
 * Slots shared by every process on one Redis: per principal a sorted set of leases, one per open socket, scored
 * by expiry on Redis's clock. A process renews the leases of its open sockets every `leaseMs / 3` (one pipeline
 * for all of them), so the slots of a process that dies without closing its sockets come free after `leaseMs`
 * instead of locking the principal out for good. While Redis is unreachable the cap is not enforced (logged):
 * a till must not lose its live view because the limiter's store is away.
 */
export class SharedConnectionSlots implements ConnectionSlots {
  readonly #redis: Redis & LeaseCommands;
  readonly #limit: number;
  readonly #keyPrefix: string;
  readonly #leaseMs: number;
  readonly #logger: Logger;
  /** Leases this process holds: member → key. */
  readonly #held = new Map<string, string>();
  readonly #renewal: NodeJS.Timeout;

  constructor(options: { redis: Redis; limit: number; keyPrefix: string; leaseMs: number; logger: Logger }) {
    options.redis.defineCommand('acquireConnectionLease', { numberOfKeys: 1, lua: ACQUIRE });
    options.redis.defineCommand('renewConnectionLease', { numberOfKeys: 1, lua: RENEW });
    this.#redis = options.redis as Redis & LeaseCommands;
    this.#limit = options.limit;
    this.#keyPrefix = options.keyPrefix;
    this.#leaseMs = options.leaseMs;
    this.#logger = options.logger;
    this.#renewal = setInterval(() => void this.#renew(), Math.max(1, Math.floor(options.leaseMs / 3)));
    this.#renewal.unref();
  }

  async take(principal: string): Promise<Release | undefined> {
    const key = `${this.#keyPrefix}connections:${principal}`;
    const member = randomUUID();
    let granted: number;
    try {
      granted = await this.#redis.acquireConnectionLease(key, this.#limit, member, this.#leaseMs);
    } catch (error) {
      this.#logger.warn({ err: error, principal }, 'connection cap not checked: redis unavailable');
      return () => {};
    }
    if (granted !== 1) return undefined;
    this.#held.set(member, key);
    return once(() => {
      this.#held.delete(member);
      this.#redis
        .zrem(key, member)
        .catch((error: unknown) =>
          this.#logger.warn(
            { err: error, principal },
            'releasing a connection slot failed; its lease will expire',
          ),
        );
    });
  }

  /** Stops renewing (the process is shutting down and closes its sockets, which releases their leases). */
  close(): void {
    clearInterval(this.#renewal);
  }

  async #renew(): Promise<void> {
    if (this.#held.size === 0) return;
    const pipeline = this.#redis.pipeline() as ReturnType<Redis['pipeline']> & {
      renewConnectionLease(key: string, member: string, leaseMs: number): unknown;
    };
    for (const [member, key] of this.#held) pipeline.renewConnectionLease(key, member, this.#leaseMs);
    try {
      await pipeline.exec();
    } catch (error) {
      this.#logger.warn({ err: error }, 'connection slot leases not renewed: redis unavailable');
    }
  }
}

function once(release: () => void): Release {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
  };
}
