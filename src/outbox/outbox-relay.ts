import type { EntityManager } from '@mikro-orm/core';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { claimDue, deletePublished, type OutboxEntry, oldestUnpublishedAge } from './outbox-store.ts';

export interface OutboxRelayOptions {
  db: Database;
  /**
   * Publishes the committed state of what `entries` name, reading it on `em` (the relay's own snapshot
   * transaction, which holds the rows' locks). Rejects when the channel layer did not take the messages.
   */
  publish: (em: EntityManager, entries: readonly OutboxEntry[]) => Promise<void>;
  /**
   * How old a row must be before the relay takes it (ms): the committing process normally publishes and
   * removes its rows well within this, so the relay only picks up what a crash or a failed publish left.
   */
  graceMs: number;
  /** Pause between relay passes (ms). A row is relayed at most about `graceMs + intervalMs` after COMMIT. */
  intervalMs: number;
  /** Rows per relay transaction. */
  batchSize: number;
  logger: Logger;
  metrics?: Metrics;
}

/** Removals of published rows wait at most this long (ms) to be batched into one statement. */
const CONFIRM_DELAY_MS = 50;
const CONFIRM_BATCH = 1_000;

/**
 * Delivers what was committed but never confirmed as published — a process killed between COMMIT and
 * PUBLISH, a PUBLISH that failed, Redis away — from every process that runs it, and removes the rows the
 * committing process did publish (`confirm`), in batches. Delivery is at least once: a row is deleted only
 * after its publish succeeded, so a crash in between publishes it again, and subscribers drop versions they
 * already hold.
 */
export class OutboxRelay {
  readonly #options: OutboxRelayOptions;
  readonly #confirmed = new Set<string>();
  #confirmTimer: NodeJS.Timeout | undefined;
  #relayTimer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #confirming: Promise<void> = Promise.resolve();
  #stopped = true;

  constructor(options: OutboxRelayOptions) {
    this.#options = options;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  /** Stops relaying and removes the rows already confirmed; resolves once no relay pass is running. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#relayTimer);
    await this.#running;
    await this.#flushConfirmed();
  }

  /** The committing process published these rows: remove them (batched, never blocking the caller). */
  confirm(ids: readonly string[]): void {
    for (const id of ids) this.#confirmed.add(id);
    if (this.#confirmed.size >= CONFIRM_BATCH) void this.#flushConfirmed();
    else this.#confirmTimer ??= setTimeout(() => void this.#flushConfirmed(), CONFIRM_DELAY_MS);
  }

  /** Seconds since the oldest row still waiting to be published was written (0 when none waits). */
  lagSeconds(): Promise<number> {
    return this.#options.db.read((em) => oldestUnpublishedAge(em));
  }

  /** One pass: relays due rows batch after batch until none is left; returns how many it published. */
  async relayDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.#options.db.transaction(
        async (em) => {
          const due = await claimDue(em, this.#options.graceMs, this.#options.batchSize);
          if (due.length === 0) return 0;
          await this.#options.publish(em, due);
          await deletePublished(
            em,
            due.map((entry) => entry.id),
          );
          return due.length;
        },
        { snapshot: true },
      );
      total += count;
      this.#options.metrics?.outboxRelayed.inc(count);
      if (count < this.#options.batchSize || this.#stopped) return total;
    }
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#relayTimer = setTimeout(() => {
      this.#running = this.relayDue()
        .then(
          (count) => {
            if (count > 0)
              this.#options.logger.warn(
                { count },
                'outbox relay published changes the committing process had not',
              );
          },
          (error: unknown) => {
            this.#options.metrics?.outboxRelayFailures.inc();
            this.#options.logger.warn({ err: error }, 'outbox relay pass failed; retrying');
          },
        )
        .finally(() => {
          this.#running = undefined;
          this.#schedule();
        });
    }, this.#options.intervalMs);
  }

  #flushConfirmed(): Promise<void> {
    clearTimeout(this.#confirmTimer);
    this.#confirmTimer = undefined;
    if (this.#confirmed.size === 0) return this.#confirming;
    const ids = [...this.#confirmed];
    this.#confirmed.clear();
    // One removal at a time, in order; a failed one leaves its rows to the relay, which publishes them again.
    this.#confirming = this.#confirming
      .then(() => this.#options.db.transaction((em) => deletePublished(em, ids)))
      .catch((error: unknown) =>
        this.#options.logger.warn({ err: error, rows: ids.length }, 'removing published outbox rows failed'),
      );
    return this.#confirming;
  }
}
