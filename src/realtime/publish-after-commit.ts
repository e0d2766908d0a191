import type {
  ChangeSet,
  EntityManager,
  EventSubscriber,
  FlushEventArgs,
  Transaction,
  TransactionEventArgs,
} from '@mikro-orm/core';
import { Order, type OrderChange, OrderItem, type OrderStatus, type OrderView } from '../orders/index.ts';
import { Settings } from '../settings/settings.entity.ts';

export type { OrderChange };

/** What one committed transaction changed, as far as live views care. */
export interface CommittedChanges {
  orderIds: ReadonlySet<string>;
  /** One entry per id in `orderIds`. */
  orderChanges: ReadonlyMap<string, OrderChange>;
  /**
   * The committed state of those orders whose state was fully in memory when last flushed, so the publisher
   * need not read it back; orders missing here are read from the database after the commit.
   */
  orderViews: ReadonlyMap<string, OrderView>;
  settingsChanged: boolean;
  /** The outbox rows the transaction wrote for these changes; empty when no recorder is installed. */
  outboxIds: readonly string[];
}

/**
 * Writes what the transaction changed into durable storage inside that same transaction, just before COMMIT
 * (the transactional outbox), returning the ids of what it wrote.
 */
export type RecordInTransaction = (
  em: EntityManager,
  transaction: Transaction,
  changes: Pick<CommittedChanges, 'orderChanges' | 'settingsChanged'>,
) => Promise<string[]>;

/** Builds an order's view from memory, or undefined when that would need a database read. */
export type CaptureOrderView = (order: Order) => OrderView | undefined;

interface Pending {
  orderIds: Set<string>;
  outboxIds: string[];
  orderChanges: Map<string, OrderChange>;
  orderViews: Map<string, OrderView>;
  settingsChanged: boolean;
  /** Flushes that started but have not reached afterFlush: a failed flush the caller may have swallowed. */
  unfinishedFlushes: number;
}

function emptyPending(): Pending {
  return {
    orderIds: new Set(),
    outboxIds: [],
    orderChanges: new Map(),
    orderViews: new Map(),
    settingsChanged: false,
    unfinishedFlushes: 0,
  };
}

/**
 * Merges `change` into what is known about the order in this transaction: created wins, and the earliest
 * previous status is kept (the status the order had when the transaction began).
 */
function noteOrder(into: Pending, orderId: string, change: OrderChange): void {
  into.orderIds.add(orderId);
  const known = into.orderChanges.get(orderId);
  into.orderChanges.set(orderId, {
    created: (known?.created ?? false) || change.created,
    previousStatus: known?.previousStatus ?? change.previousStatus,
  });
}

function orderChangeOf(changeSet: ChangeSet<object>): OrderChange {
  if (changeSet.type === 'create') return { created: true, previousStatus: null };
  const original = (changeSet.originalEntity as { status?: OrderStatus } | undefined)?.status;
  return { created: false, previousStatus: original ?? null };
}

/**
 * Records what a flush changed. Right after a flush the in-memory state of what it wrote is exactly the
 * transaction's state (PostgreSQL's RETURNING has refreshed versions), so the view is captured here; a later
 * flush of the same order captures it again, and an order it cannot capture is re-read after commit.
 */
function touchedBy(changeSets: ChangeSet<object>[], into: Pending, capture: CaptureOrderView): void {
  const touched = new Map<string, Order | null>();
  for (const changeSet of changeSets) {
    const entity = changeSet.entity;
    if (entity instanceof Order) {
      noteOrder(into, entity.id, orderChangeOf(changeSet));
      touched.set(entity.id, changeSet.type === 'delete' ? null : entity);
    } else if (entity instanceof OrderItem) {
      // A line removed from its order's collection has lost its `order` link; the loaded row still has it.
      const orderId =
        entity.order?.id ?? (changeSet.originalEntity as { order?: unknown } | undefined)?.order;
      if (typeof orderId === 'string') {
        noteOrder(into, orderId, { created: false, previousStatus: null });
        if (!touched.has(orderId)) touched.set(orderId, entity.order instanceof Order ? entity.order : null);
      }
    } else if (entity instanceof Settings) into.settingsChanged = true;
  }
  for (const [orderId, order] of touched) {
    into.orderIds.add(orderId);
    const view = order ? capture(order) : undefined;
    if (view) into.orderViews.set(orderId, view);
    else into.orderViews.delete(orderId);
  }
}

function isEmpty(pending: Pending): boolean {
  return pending.orderIds.size === 0 && !pending.settingsChanged;
}

/**
 * The one publisher: a unit-of-work subscriber that reports what a transaction changed strictly after the
 * outermost transaction commits, once per order per transaction, and nothing for rolled-back work.
 *
 * Changes are collected in afterFlush (inside `transactional()` the change sets are gone by commit time) and
 * buffered per transaction object, because every `transactional()` forks its own EntityManager. A savepoint
 * that is released merges its buffer into its parent's; a rollback (of a savepoint or the whole transaction)
 * drops it.
 */
export class PublishAfterCommit implements EventSubscriber {
  readonly #onCommitted: (changes: CommittedChanges) => void;
  readonly #capture: CaptureOrderView;
  readonly #record: RecordInTransaction | undefined;
  readonly #pending = new WeakMap<Transaction, Pending>();
  readonly #parentOf = new WeakMap<Transaction, Transaction>();
  readonly #parentBeingNested = new WeakMap<EntityManager, Transaction>();

  /**
   * `onCommitted` must not block: MikroORM awaits this hook inside the committing call. Without `capture`,
   * every touched order is re-read by the publisher after the commit. With `record`, every transaction that
   * changed something writes it durably before its COMMIT, so a publish lost after the commit can be redone.
   */
  constructor(
    onCommitted: (changes: CommittedChanges) => void,
    options: { capture?: CaptureOrderView; record?: RecordInTransaction } = {},
  ) {
    this.#onCommitted = onCommitted;
    this.#capture = options.capture ?? (() => undefined);
    this.#record = options.record;
  }

  /**
   * The view of `orderId` captured by the last flush of `em`'s open transaction, if any: the unit of work
   * answers its mutation with it, so the answer and the published event are one value built once.
   */
  capturedView(em: EntityManager, orderId: string): OrderView | undefined {
    const transaction = em.isInTransaction() ? em.getTransactionContext() : undefined;
    return transaction ? this.#pending.get(transaction)?.orderViews.get(orderId) : undefined;
  }

  #bufferOf(transaction: Transaction): Pending {
    let pending = this.#pending.get(transaction);
    if (!pending) {
      pending = emptyPending();
      this.#pending.set(transaction, pending);
    }
    return pending;
  }

  /**
   * Registers orders written by a set-based statement (which bypasses the unit of work and so its change
   * sets) with `em`'s transaction, to be published after it commits exactly like flushed ones. `views` is
   * the state the statement's transaction wrote for some of them (read back inside it): those are published
   * as given, the others are read after the commit. Throws outside a transaction: only a commit may publish.
   */
  ordersWritten(em: EntityManager, orderIds: Iterable<string>, views: Iterable<OrderView> = []): void {
    const transaction = em.isInTransaction() ? em.getTransactionContext() : undefined;
    if (!transaction) throw new Error('set-based order writes must run inside a transaction');
    const pending = this.#bufferOf(transaction);
    for (const orderId of orderIds) {
      noteOrder(pending, orderId, { created: false, previousStatus: null });
      pending.orderViews.delete(orderId);
    }
    for (const view of views) {
      if (pending.orderIds.has(view.id)) pending.orderViews.set(view.id, view);
    }
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
    touchedBy(changeSets, pending, this.#capture);
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
      pending = emptyPending();
      touchedBy(args.uow.getChangeSets(), pending, this.#capture);
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
    if (this.#record && !transaction.savepointName && !isEmpty(pending)) {
      pending.outboxIds = await this.#record(args.em, transaction, pending);
    }
  }

  afterTransactionCommit(args: TransactionEventArgs): void {
    const transaction = args.transaction;
    if (!transaction) return;
    const pending = this.#pending.get(transaction);
    this.#pending.delete(transaction);
    if (!pending || isEmpty(pending)) return;
    const parent = this.#parentOf.get(transaction);
    if (transaction.savepointName && parent) {
      const parentPending = this.#bufferOf(parent);
      for (const [id, change] of pending.orderChanges) {
        noteOrder(parentPending, id, change);
        const view = pending.orderViews.get(id);
        if (view) parentPending.orderViews.set(id, view);
        else parentPending.orderViews.delete(id);
      }
      parentPending.settingsChanged ||= pending.settingsChanged;
      return;
    }
    this.#onCommitted(pending);
  }

  afterTransactionRollback(args: TransactionEventArgs): void {
    if (args.transaction) this.#pending.delete(args.transaction);
  }
}
