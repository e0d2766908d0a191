import { LRUCache } from 'lru-cache';
import type { Viewer } from './viewer.ts';

/**
 * Viewers of tokens already verified, each kept only until its token's `exp`. A token is immutable and signed,
 * so once its signature and claims were checked the answer can only change by expiring: a hit is the same
 * answer verification would give, without the asynchronous HMAC (WebCrypto) that a fleet restart would
 * otherwise run for every reconnecting socket and again for every operation it starts. Only accepted tokens
 * are kept (a rejected one is cheap to reject again and must not fill the cache).
 *
 * At most `maxEntries` (`lru-cache`): when full, the token used least recently makes room.
 */
export class VerifiedTokens {
  readonly #byToken: LRUCache<string, { viewer: Viewer; expSeconds: number }>;

  constructor(maxEntries: number) {
    this.#byToken = new LRUCache({ max: maxEntries });
  }

  /** The viewer `token` was verified as, if it was and has not expired by `nowMs` (ms since the epoch). */
  get(token: string, nowMs: number): Viewer | undefined {
    const entry = this.#byToken.get(token);
    if (!entry) return undefined;
    // Expired exactly as jose decides it: `exp` (seconds) is no longer after now.
    if (entry.expSeconds <= Math.floor(nowMs / 1000)) {
      this.#byToken.delete(token);
      return undefined;
    }
    return entry.viewer;
  }

  /** Remembers that `token` verified as `viewer` (frozen: every holder of the token shares it) until `exp`. */
  set(token: string, viewer: Viewer, expSeconds: number): void {
    this.#byToken.set(token, { viewer: Object.freeze(viewer), expSeconds });
  }
}
