import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';

/**
 * Work started after a commit and detached from the mutation that committed (publishing what changed):
 * it never blocks or fails that mutation. Each piece owns its failure — logged and counted — and graceful
 * shutdown waits for whatever is still running.
 */
export class AfterCommitWork {
  readonly #logger: Logger;
  readonly #metrics: Metrics | undefined;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(logger: Logger, metrics?: Metrics) {
    this.#logger = logger;
    this.#metrics = metrics;
  }

  /** Starts `work` now; its duration from the commit is observed, a failure is logged and counted. */
  start(what: string, work: () => Promise<void>): void {
    const committedAt = performance.now();
    const settled = work().then(
      () => this.#metrics?.commitToPublish.observe((performance.now() - committedAt) / 1000),
      (error: unknown) => {
        this.#metrics?.publishFailures.inc();
        this.#logger.error({ err: error, what }, 'publishing committed changes failed');
      },
    );
    this.#inFlight.add(settled);
    void settled.finally(() => this.#inFlight.delete(settled));
  }

  /** Resolves when every piece started so far has finished (used by graceful shutdown). */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }
}

/**
 * Gives a promise an owner the moment it starts: a publish can fail (Redis away) while its caller still awaits
 * something else, and a rejection with no handler by then is an unhandled rejection. The failure still reaches
 * whoever awaits the returned promise.
 */
export function owned<T>(promise: Promise<T>): Promise<T> {
  void promise.catch(() => {});
  return promise;
}
