import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';

/** Gives back something a socket held (a connection slot); may be called more than once, acts once. */
export type Release = () => void;

/** A subscription's source stream: `return()` ends it and unsubscribes it (harmless on an ended stream). */
export interface SourceStream {
  return(): unknown;
}

interface Operation {
  field: string;
  /** The source stream once `subscribe` returned it; ended when the operation is released. */
  stream: SourceStream | undefined;
}

/**
 * Everything one WebSocket holds on this server: the open-connections gauge, its user's connection slot and
 * its active subscriptions (gauge by field, and the source streams behind them).
 *
 * The rule that keeps the counts exact under any order of `connection_init`, `subscribe`, `complete`, close and
 * TCP reset: nothing is registered after the socket closed (an `await` may end after the close), and every
 * registration is released exactly once — by its operation's end or by {@link close}, whichever comes first.
 */
export class SocketLedger {
  readonly #metrics: Metrics;
  readonly #logger: Logger;
  readonly #operations = new Map<string, Operation>();
  #slot: Release | undefined;
  #closed = false;
  #expiresAtMs = Number.POSITIVE_INFINITY;
  #expiry: NodeJS.Timeout | undefined;

  constructor(metrics: Metrics, logger: Logger) {
    this.#metrics = metrics;
    this.#logger = logger;
    metrics.websocketConnections.inc();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** True from the instant the socket's token expired (see {@link expireAt}). */
  get expired(): boolean {
    return Date.now() >= this.#expiresAtMs;
  }

  /**
   * The socket's token expires at `expiresAtMs` (ms since the epoch): `onExpired` runs then (once, unless the
   * socket closed first). Timers longer than Node's maximum are not needed: tokens live at most 7 days.
   */
  expireAt(expiresAtMs: number, onExpired: () => void): void {
    if (this.#closed) return;
    this.#expiresAtMs = expiresAtMs;
    clearTimeout(this.#expiry);
    this.#expiry = setTimeout(onExpired, Math.max(0, expiresAtMs - Date.now()));
    this.#expiry.unref();
  }

  /** Active subscriptions (registered and not yet released). */
  get subscriptionCount(): number {
    return this.#operations.size;
  }

  /**
   * Keeps a connection slot until the socket closes. When the socket closed while the slot was being taken,
   * it is given back at once and the answer is false.
   */
  holdSlot(release: Release): boolean {
    if (this.#closed || this.#slot) {
      release();
      return false;
    }
    this.#slot = release;
    return true;
  }

  /**
   * Registers subscription `id` on root field `field`. False (nothing registered) once the socket closed or
   * while `id` is still registered.
   */
  openSubscription(id: string, field: string): boolean {
    if (this.#closed || this.#operations.has(id)) return false;
    this.#operations.set(id, { field, stream: undefined });
    this.#metrics.activeSubscriptions.inc({ field });
    return true;
  }

  /** The ids of the registered subscriptions. */
  subscriptionIds(): string[] {
    return [...this.#operations.keys()];
  }

  /** The root field subscription `id` counts under, while it is registered. */
  fieldOf(id: string): string | undefined {
    return this.#operations.get(id)?.field;
  }

  /**
   * Ties the source stream `subscribe` returned to subscription `id`. A stream that arrives after its
   * operation was released (completed, or the socket closed, during `subscribe`) is ended at once.
   */
  attachStream(id: string, stream: SourceStream): void {
    const operation = this.#operations.get(id);
    if (operation && !operation.stream) operation.stream = stream;
    else void this.#endStream(stream);
  }

  /** Releases subscription `id` (gauge and stream); a no-op when it is not registered. */
  endSubscription(id: string): void {
    const operation = this.#operations.get(id);
    if (!operation) return;
    this.#operations.delete(id);
    this.#metrics.activeSubscriptions.dec({ field: operation.field });
    if (operation.stream) void this.#endStream(operation.stream);
  }

  /** The socket closed: releases everything it held. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#expiry);
    for (const id of [...this.#operations.keys()]) this.endSubscription(id);
    const slot = this.#slot;
    this.#slot = undefined;
    slot?.();
    this.#metrics.websocketConnections.dec();
  }

  async #endStream(stream: SourceStream): Promise<void> {
    try {
      await stream.return();
    } catch (error) {
      this.#logger.error({ err: error }, 'ending a subscription stream failed');
    }
  }
}
