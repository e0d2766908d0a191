import type { ChangeSet } from '@mikro-orm/core';
import type { ChangeTracker } from '../../realtime/publish-after-commit.ts';
import type { OrderChange } from '../domain/order-event.ts';
import type { OrderStatus } from '../domain/order-status.ts';
import type { OrderView } from '../domain/order-view.ts';
import { Order, OrderItem } from '../persistence/order.entity.ts';
import type { OrderChanges } from './order-publication.ts';

/** The orders one open transaction changed so far (the after-commit buffer's orders part). */
export interface OrderChangeRecord extends OrderChanges {
  orderIds: Set<string>;
  orderChanges: Map<string, OrderChange>;
  orderViews: Map<string, OrderView>;
}

/** Builds an order's view from memory, or undefined when that would need a database read. */
export type CaptureOrderView = (order: Order) => OrderView | undefined;

/**
 * Merges `change` into what is known about the order in this transaction: created wins, and the earliest
 * previous status is kept (the status the order had when the transaction began).
 */
function noteOrder(into: OrderChangeRecord, orderId: string, change: OrderChange): void {
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
function touchedBy(
  changeSets: readonly ChangeSet<object>[],
  into: OrderChangeRecord,
  capture: CaptureOrderView,
): void {
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
    }
  }
  for (const [orderId, order] of touched) {
    into.orderIds.add(orderId);
    const view = order ? capture(order) : undefined;
    if (view) into.orderViews.set(orderId, view);
    else into.orderViews.delete(orderId);
  }
}

/**
 * The orders' part of the after-commit buffer: recognises the order and its lines in each flush (one entry
 * per order per transaction), capturing the order's view when it is fully in memory. Without `capture`,
 * every touched order is re-read by the publisher after the commit.
 */
export function orderChangeTracker(
  capture: CaptureOrderView = () => undefined,
): ChangeTracker<OrderChangeRecord> {
  return {
    empty: () => ({ orderIds: new Set(), orderChanges: new Map(), orderViews: new Map() }),
    noteFlush: (changeSets, into) => touchedBy(changeSets, into, capture),
    merge: (from, into) => {
      for (const [id, change] of from.orderChanges) {
        noteOrder(into, id, change);
        const view = from.orderViews.get(id);
        if (view) into.orderViews.set(id, view);
        else into.orderViews.delete(id);
      }
    },
    isEmpty: (changes) => changes.orderIds.size === 0,
  };
}

/**
 * Registers orders written by a set-based statement (which bypasses the unit of work and so its change sets)
 * in `into`, the buffer of the statement's transaction, to be published after it commits exactly like
 * flushed ones. `views` is the state the statement's transaction wrote for some of them (read back inside
 * it): those are published as given, the others are read after the commit.
 */
export function noteOrdersWritten(
  into: OrderChangeRecord,
  orderIds: Iterable<string>,
  views: Iterable<OrderView> = [],
): void {
  for (const orderId of orderIds) {
    noteOrder(into, orderId, { created: false, previousStatus: null });
    into.orderViews.delete(orderId);
  }
  for (const view of views) {
    if (into.orderIds.has(view.id)) into.orderViews.set(view.id, view);
  }
}
