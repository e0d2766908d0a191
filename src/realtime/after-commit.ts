import type {
  ChangeSet,
  EntityManager,
  EventSubscriber,
  FlushEventArgs,
  Transaction,
  TransactionEventArgs,
} from '@mikro-orm/core';

/**
 * A feature's account of what one transaction changed (e.g. which orders), kept by the after-commit buffer
 * per transaction and handed back once that transaction has committed. The buffer knows no entity: each
 * feature registers one recorder at start-up and reads its own change sets.
 */
export interface ChangeRecorder<R> {
  /** A fresh, empty record for one transaction. */
  empty(): R;
  /** Notes what one flush wrote; runs right after the flush, inside the transaction. */
  flushed(record: R, changeSets: readonly ChangeSet<object>[]): void;
  /** Folds a released savepoint's record into its parent's. */
  merge(into: R, from: R): void;
  isEmpty(record: R): boolean;
  /** Runs after the outermost commit, once per transaction with a non-empty record; must not block. */
  committed(record: R): void;
}

/** A registered recorder's access to the record of an open transaction. */
export interface RecorderHandle<R> {
  /** The record of `em`'s open transaction, or undefined outside a transaction or before anything was noted. */
  current(em: EntityManager): R | undefined;
  /**
   * Notes changes a flush does not show (a set-based statement through `em.execute` or a QueryBuilder): they
   * are reported after the commit exactly like flushed ones. Only inside a transaction.
   */
  note(em: EntityManager, update: (record: R) => void): void;
}

interface Pending {
  records: Map<ChangeRecorder<unknown>, unknown>;
  /** Flushes that started but have not reached afterFlush: a failed flush the caller may have swallowed. */
  unfinishedFlushes: number;
}

/**
 * The one after-commit publisher: a unit-of-work subscriber that reports what a transaction changed strictly
 * after the outermost transaction commits, once per transaction, and nothing for rolled-back work.
 *
 * Changes are collected in afterFlush (inside `transactional()` the change sets are gone by commit time) and
 * buffered per transaction object, because every `transactional()` forks its own EntityManager. A savepoint
 * that is released merges its buffer into its parent's; a rollback (of a savepoint or the whole transaction)
 * drops it. See docs/architecture.md, "After-commit publishing".
 */
export class AfterCommitBuffer implements EventSubscriber {
  readonly #recorders: ChangeRecorder<unknown>[] = [];
  readonly #pending = new WeakMap<Transaction, Pending>();
  readonly #parentOf = new WeakMap<Transaction, Transaction>();
  readonly #parentBeingNested = new WeakMap<EntityManager, Transaction>();

  /** Adds a feature's recorder; call at start-up, before the first transaction. */
  register<R>(recorder: ChangeRecorder<R>): RecorderHandle<R> {
    const erased = recorder as ChangeRecorder<unknown>;
    this.#recorders.push(erased);
    const recordOf = (transaction: Transaction): R => {
      const pending = this.#bufferOf(transaction);
      let record = pending.records.get(erased) as R | undefined;
      if (record === undefined) {
        record = recorder.empty();
        pending.records.set(erased, record);
      }
      return record;
    };
    return {
      current: (em) => {
        const transaction = em.isInTransaction() ? em.getTransactionContext() : undefined;
        return transaction
          ? (this.#pending.get(transaction)?.records.get(erased) as R | undefined)
          : undefined;
      },
      note: (em, update) => {
        const transaction = em.isInTransaction() ? em.getTransactionContext() : undefined;
        if (!transaction) throw new Error('changes outside a transaction cannot be published after commit');
        update(recordOf(transaction));
      },
    };
  }

  #bufferOf(transaction: Transaction): Pending {
    let pending = this.#pending.get(transaction);
    if (!pending) {
      pending = { records: new Map(), unfinishedFlushes: 0 };
      this.#pending.set(transaction, pending);
    }
    return pending;
  }

  #record(into: Pending, changeSets: readonly ChangeSet<object>[]): void {
    for (const recorder of this.#recorders) {
      let record = into.records.get(recorder);
      if (record === undefined) {
        record = recorder.empty();
        into.records.set(recorder, record);
      }
      recorder.flushed(record, changeSets);
    }
  }

  #report(pending: Pending): void {
    for (const [recorder, record] of pending.records) {
      if (!recorder.isEmpty(record)) recorder.committed(record);
    }
  }

  beforeFlush(args: FlushEventArgs): void {
    const transaction = args.em.isInTransaction() ? args.em.getTransactionContext() : undefined;
    if (transaction) this.#bufferOf(transaction).unfinishedFlushes++;
  }

  afterFlush(args: FlushEventArgs): void {
    const changeSets = args.uow.getChangeSets();
    const transaction = args.em.isInTransaction() ? args.em.getTransactionContext() : undefined;
    if (!transaction) {
      // A flush outside an explicit transaction ran in its own implicit one, which has committed by now.
      const committed: Pending = { records: new Map(), unfinishedFlushes: 0 };
      this.#record(committed, changeSets);
      this.#report(committed);
      return;
    }
    const pending = this.#bufferOf(transaction);
    pending.unfinishedFlushes--;
    this.#record(pending, changeSets);
  }

  beforeTransactionStart(args: TransactionEventArgs): void {
    // For a savepoint this event carries the parent transaction; afterTransactionStart carries the child.
    if (args.transaction) this.#parentBeingNested.set(args.em, args.transaction);
  }

  afterTransactionStart(args: TransactionEventArgs): void {
    const parent = this.#parentBeingNested.get(args.em);
    this.#parentBeingNested.delete(args.em);
    if (parent && args.transaction?.savepointName) this.#parentOf.set(args.transaction, parent);
  }

  async beforeTransactionCommit(args: TransactionEventArgs): Promise<void> {
    const transaction = args.transaction;
    const pending = transaction && this.#pending.get(transaction);
    if (!pending || pending.unfinishedFlushes <= 0) return;
    // A flush failed and its error was swallowed. PostgreSQL turns COMMIT of an aborted transaction into a
    // silent ROLLBACK while MikroORM still reports a commit; a statement fails loudly on an aborted
    // transaction, so the caller sees an error and nothing is published.
    await args.em.getConnection().execute('select 1', [], 'all', transaction);
  }

  afterTransactionCommit(args: TransactionEventArgs): void {
    const transaction = args.transaction;
    if (!transaction) return;
    const pending = this.#pending.get(transaction);
    this.#pending.delete(transaction);
    if (!pending) return;
    const parent = this.#parentOf.get(transaction);
    if (transaction.savepointName && parent) {
      const parentPending = this.#bufferOf(parent);
      for (const [recorder, record] of pending.records) {
        const into = parentPending.records.get(recorder);
        if (into === undefined) parentPending.records.set(recorder, record);
        else recorder.merge(into, record);
      }
      return;
    }
    this.#report(pending);
  }

  afterTransactionRollback(args: TransactionEventArgs): void {
    if (args.transaction) this.#pending.delete(args.transaction);
  }
}
