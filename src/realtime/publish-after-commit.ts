import type {
  ChangeSet,
  EntityManager,
  EventSubscriber,
  FlushEventArgs,
  Transaction,
  TransactionEventArgs,
} from '@mikro-orm/core';

/**
 * What the features recognise of a transaction's writes (each supplies its part; `app.ts` combines them): a
 * record of type `Changes` per transaction, noted from every flush's change sets.
 */
export interface ChangeTracker<Changes> {
  /** A new record: nothing changed yet. */
  empty(): Changes;
  /** Notes what one flush wrote into the transaction's record. */
  noteFlush(changeSets: readonly ChangeSet<object>[], into: Changes): void;
  /** Folds a released savepoint's record into its parent's. */
  merge(from: Changes, into: Changes): void;
  /** True when nothing in the record is worth publishing. */
  isEmpty(changes: Changes): boolean;
}

/** One tracker noting into one record that holds both parts (e.g. the orders' and the settings'). */
export function combineTrackers<A extends object, B extends object>(
  a: ChangeTracker<A>,
  b: ChangeTracker<B>,
): ChangeTracker<A & B> {
  return {
    empty: () => ({ ...a.empty(), ...b.empty() }),
    noteFlush: (changeSets, into) => {
      a.noteFlush(changeSets, into);
      b.noteFlush(changeSets, into);
    },
    merge: (from, into) => {
      a.merge(from, into);
      b.merge(from, into);
    },
    isEmpty: (changes) => a.isEmpty(changes) && b.isEmpty(changes),
  };
}

/**
 * Writes what the transaction changed into durable storage inside that same transaction, just before COMMIT
 * (the transactional outbox), returning the ids of what it wrote.
 */
export type RecordInTransaction<Changes> = (
  em: EntityManager,
  transaction: Transaction,
  changes: Changes,
) => Promise<string[]>;

interface Pending<Changes> {
  changes: Changes;
  outboxIds: string[];
  /** Flushes that started but have not reached afterFlush: a failed flush the caller may have swallowed. */
  unfinishedFlushes: number;
}

/**
 * The one publisher: a unit-of-work subscriber that reports what a transaction changed strictly after the
 * outermost transaction commits, once per transaction (the trackers make it one entry per changed thing),
 * and nothing for rolled-back work. What counts as a change is the trackers' business; this class only
 * keeps their records with the right transaction.
 *
 * Changes are collected in afterFlush (inside `transactional()` the change sets are gone by commit time) and
 * buffered per transaction object, because every `transactional()` forks its own EntityManager. A savepoint
 * that is released merges its buffer into its parent's; a rollback (of a savepoint or the whole transaction)
 * drops it.
 */
export class PublishAfterCommit<Changes> implements EventSubscriber {
  readonly #tracker: ChangeTracker<Changes>;
  readonly #onCommitted: (changes: Changes, outboxIds: readonly string[]) => void;
  readonly #record: RecordInTransaction<Changes> | undefined;
  readonly #pending = new WeakMap<Transaction, Pending<Changes>>();
  readonly #parentOf = new WeakMap<Transaction, Transaction>();
  readonly #parentBeingNested = new WeakMap<EntityManager, Transaction>();

  /**
   * `onCommitted` must not block: MikroORM awaits this hook inside the committing call. With `record`, every
   * transaction that changed something writes it durably before its COMMIT, so a publish lost after the
   * commit can be redone; `onCommitted` receives the ids of what it wrote.
   */
  constructor(
    tracker: ChangeTracker<Changes>,
    onCommitted: (changes: Changes, outboxIds: readonly string[]) => void,
    options: { record?: RecordInTransaction<Changes> } = {},
  ) {
    this.#tracker = tracker;
    this.#onCommitted = onCommitted;
    this.#record = options.record;
  }

  /**
   * What `em`'s open transaction changed so far (as of its last flush), if anything: the unit of work answers
   * its mutation with the view captured there, so the answer and the published event are one value.
   */
  changesSoFar(em: EntityManager): Changes | undefined {
    const transaction = em.isInTransaction() ? em.getTransactionContext() : undefined;
    return transaction ? this.#pending.get(transaction)?.changes : undefined;
  }

  /**
   * The record of `em`'s open transaction, for a set-based statement (which bypasses the unit of work and so
   * its change sets) to note what it wrote, to be published after the commit exactly like flushed changes.
   * Throws outside a transaction: only a commit may publish.
   */
  changesOf(em: EntityManager): Changes {
    const transaction = em.isInTransaction() ? em.getTransactionContext() : undefined;
    if (!transaction) throw new Error('set-based writes must run inside a transaction');
    return this.#bufferOf(transaction).changes;
  }

  #emptyPending(): Pending<Changes> {
    return { changes: this.#tracker.empty(), outboxIds: [], unfinishedFlushes: 0 };
  }

  #bufferOf(transaction: Transaction): Pending<Changes> {
    let pending = this.#pending.get(transaction);
    if (!pending) {
      pending = this.#emptyPending();
      this.#pending.set(transaction, pending);
    }
    return pending;
  }

  beforeFlush(args: FlushEventArgs): void {
    const transaction = args.em.isInTransaction() ? args.em.getTransactionContext() : undefined;
    if (transaction) this.#bufferOf(transaction).unfinishedFlushes++;
  }

  afterFlush(args: FlushEventArgs): void {
    const changeSets = args.uow.getChangeSets();
    const transaction = args.em.isInTransaction() ? args.em.getTransactionContext() : undefined;
    // A flush outside an explicit transaction ran in an implicit one, already reported at its commit.
    if (!transaction) return;
    const pending = this.#bufferOf(transaction);
    pending.unfinishedFlushes--;
    this.#tracker.noteFlush(changeSets, pending.changes);
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
    if (!transaction) return;
    let pending = this.#pending.get(transaction);
    if (!pending && !transaction.savepointName && args.uow) {
      // A flush outside an explicit transaction runs in an implicit one: its change sets are still at hand.
      pending = this.#emptyPending();
      this.#tracker.noteFlush(args.uow.getChangeSets(), pending.changes);
      this.#pending.set(transaction, pending);
    }
    if (!pending) return;
    if (pending.unfinishedFlushes > 0) {
      // A flush failed and its error was swallowed. PostgreSQL turns COMMIT of an aborted transaction into a
      // silent ROLLBACK while MikroORM still reports a commit; a statement fails loudly on an aborted
      // transaction, so the caller sees an error and nothing is published.
      await args.em.getConnection().execute('select 1', [], 'all', transaction);
    }
    // Savepoints hand their changes to the parent; only the outermost transaction writes the outbox.
    if (this.#record && !transaction.savepointName && !this.#tracker.isEmpty(pending.changes)) {
      pending.outboxIds = await this.#record(args.em, transaction, pending.changes);
    }
  }

  afterTransactionCommit(args: TransactionEventArgs): void {
    const transaction = args.transaction;
    if (!transaction) return;
    const pending = this.#pending.get(transaction);
    this.#pending.delete(transaction);
    if (!pending || this.#tracker.isEmpty(pending.changes)) return;
    const parent = this.#parentOf.get(transaction);
    if (transaction.savepointName && parent) {
      this.#tracker.merge(pending.changes, this.#bufferOf(parent).changes);
      return;
    }
    this.#onCommitted(pending.changes, pending.outboxIds);
  }

  afterTransactionRollback(args: TransactionEventArgs): void {
    if (args.transaction) this.#pending.delete(args.transaction);
  }
}
