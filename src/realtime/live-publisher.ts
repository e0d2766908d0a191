import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';

/**
 * One feature's part of publishing a commit (wired in `app.ts`): reads through `reads` what the flush hook
 * did not capture, and hands each message's publish to `send`. Parts run one after another, so their reads
 * on a caller's transaction never overlap; the sends are awaited together once every part has run.
 */
export type PublicationPart<Changes, Reads> = (
  changes: Changes,
  reads: Reads,
  send: (publish: Promise<void>) => void,
) => Promise<void>;

/**
 * Gives a publish an owner the moment it starts. A publish can fail (Redis away) while a later part still
 * awaits a read; a rejection with no handler attached by then is an unhandled rejection. The failure still
 * reaches the `Promise.all` that awaits it.
 */
function owned(publish: Promise<void>): Promise<void> {
  void publish.catch(() => {});
  return publish;
}

/**
 * Turns committed changes into channel messages through the features' publication parts. Runs after the
 * commit, detached from the mutation: each value is serialised once for all its subscribers. A failed publish
 * is logged and counted; subscribers converge anyway (version order plus re-read after Redis reconnects), and
 * the change's outbox rows stay for the relay.
 */
export class LivePublisher<Changes extends { outboxIds: readonly string[] }, Reads> {
  readonly #parts: readonly PublicationPart<Changes, Reads>[];
  readonly #reads: Reads;
  readonly #logger: Logger;
  readonly #metrics: Metrics | undefined;
  readonly #onPublished: (outboxIds: readonly string[]) => void;
  #inFlight = new Set<Promise<void>>();

  constructor(deps: {
    parts: readonly PublicationPart<Changes, Reads>[];
    /** Where committed state is read by default: a fresh snapshot per read. */
    reads: Reads;
    logger: Logger;
    metrics?: Metrics;
    /** Told the outbox rows of a change once its messages are published (the outbox removes them). */
    onPublished?: (outboxIds: readonly string[]) => void;
  }) {
    this.#parts = deps.parts;
    this.#reads = deps.reads;
    this.#logger = deps.logger;
    this.#metrics = deps.metrics;
    this.#onPublished = deps.onPublished ?? (() => {});
  }

  /**
   * Called by the after-commit hook; never blocks or fails the committed mutation. A change whose publish
   * fails keeps its outbox rows, which the relay publishes later.
   */
  committed(changes: Changes): void {
    const committedAt = performance.now();
    const work = this.publish(changes).then(() => {
      this.#metrics?.commitToPublish.observe((performance.now() - committedAt) / 1000);
      if (changes.outboxIds.length) this.#onPublished(changes.outboxIds);
    });
    const settled = work.catch((error: unknown) => {
      this.#metrics?.publishFailures.inc();
      this.#logger.error({ err: error }, 'publishing committed changes failed');
    });
    this.#inFlight.add(settled);
    void settled.finally(() => this.#inFlight.delete(settled));
  }

  /** Resolves when every publish started so far has finished (used by graceful shutdown). */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * Publishes the committed state of `changes` (captured values as they are, everything else read through
   * `reads`); rejects when any message could not be published.
   */
  async publish(changes: Changes, reads: Reads = this.#reads): Promise<void> {
    const sent: Promise<void>[] = [];
    const send = (publish: Promise<void>) => {
      sent.push(owned(publish));
    };
    for (const part of this.#parts) await part(changes, reads, send);
    await Promise.all(sent);
  }
}
