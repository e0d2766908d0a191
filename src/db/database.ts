import {
  DeadlockException,
  type EntityManager,
  IsolationLevel,
  LockWaitTimeoutException,
  type MikroORM,
  OptimisticLockError,
} from '@mikro-orm/core';
import { Mutex } from 'async-mutex';

/** Failures that mean "another transaction won the race": the whole unit of work is safe to run again. */
function isTransient(error: unknown): boolean {
  return (
    error instanceof DeadlockException ||
    error instanceof LockWaitTimeoutException ||
    error instanceof OptimisticLockError ||
    (error instanceof Error && 'code' in error && error.code === '40001')
  );
}

const MAX_ATTEMPTS = 5;

/**
 * Every unit of work runs through here: a fresh EntityManager fork per attempt, one transaction, bounded
 * retries when a concurrent transaction wins a race. On the embedded PGlite database (one Postgres session)
 * units of work are serialised, because a second transaction on that session would wait forever.
 */
export class Database {
  readonly orm: MikroORM;
  readonly #exclusive: Mutex | undefined;

  constructor(orm: MikroORM, options: { singleSession: boolean }) {
    this.orm = orm;
    this.#exclusive = options.singleSession ? new Mutex() : undefined;
  }

  /**
   * Runs `work` in one transaction; retried from scratch (fresh fork, fresh reads) on transient conflicts.
   * `snapshot` runs it in REPEATABLE READ, for work that reads several statements it must see as one commit.
   */
  async transaction<T>(
    work: (em: EntityManager) => Promise<T>,
    options: { snapshot?: boolean } = {},
  ): Promise<T> {
    const isolationLevel = options.snapshot ? IsolationLevel.REPEATABLE_READ : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#run(() => this.orm.em.fork().transactional(work, { isolationLevel }));
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isTransient(error)) throw error;
      }
    }
  }

  /**
   * Read-only work on a fresh fork, on one database snapshot: a `REPEATABLE READ READ ONLY` transaction, so
   * an entity and the relations loaded by later statements (an order and its lines) all come from the same
   * commit. Outside a transaction each statement sees the newest commit, and a commit landing between two of
   * them yields a value no commit produced. A read-only snapshot never waits for, nor blocks, a writer.
   */
  async read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.#run(() =>
      this.orm.em
        .fork()
        .transactional(work, { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true }),
    );
  }

  /**
   * One read-only statement on a fresh fork, outside any transaction: a single statement sees one commit by
   * itself, so it needs neither `BEGIN` nor `COMMIT` (one round trip instead of three). `work` must issue
   * exactly one statement; several would each see a different commit (use {@link read} for that).
   */
  async readStatement<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.#run(() => work(this.orm.em.fork()));
  }

  /** True when the database answers a trivial query. */
  async isReachable(): Promise<boolean> {
    try {
      // On the transaction's own connection: the embedded database has one session, and a statement sent
      // beside the open transaction would wait for it forever.
      await this.read((em) => em.getConnection().execute('select 1', [], 'all', em.getTransactionContext()));
      return true;
    } catch {
      return false;
    }
  }

  #run<T>(work: () => Promise<T>): Promise<T> {
    return this.#exclusive ? this.#exclusive.runExclusive(work) : work();
  }
}
