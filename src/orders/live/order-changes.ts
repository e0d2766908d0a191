import type { ChangeSet } from '@mikro-orm/core';
import type { ChangeRecorder } from '../../realtime/after-commit.ts';
import type { OrderChange } from '../domain/order-event.ts';
import type { OrderStatus } from '../domain/order-status.ts';
import type { OrderView } from '../domain/order-view.ts';
import { Order, OrderItem } from '../persistence/order.entity.ts';
import { loadedOrderView } from '../persistence/to-order-view.ts';

/** What one transaction changed of orders, as far as live views care. */
export interface OrderChanges {
  orderIds: Set<string>;
  /** One entry per id in `orderIds`. */
  orderChanges: Map<string, OrderChange>;
  /**
   * The committed state of those orders whose state was fully in memory when last flushed, so the publisher
   * need not read it back; orders missing here are read from the database after the commit.
   */
  orderViews: Map<string, OrderView>;
}

/**
 * Merges `change` into what is known about the order in this transaction: created wins, and the earliest
 * previous status is kept (the status the order had when the transaction began).
 */
export function noteOrder(into: OrderChanges, orderId: string, change: OrderChange): void {
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
 * Records what a flush changed of orders. Right after a flush the in-memory state of what it wrote is exactly
 * the transaction's state (PostgreSQL's RETURNING has refreshed versions), so the view is captured here; a
 * later flush of the same order captures it again, and an order it cannot capture is re-read after commit.
 */
function touchedBy(into: OrderChanges, changeSets: readonly ChangeSet<object>[]): void {
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
    const view = order ? loadedOrderView(order) : undefined;
    if (view) into.orderViews.set(orderId, view);
    else into.orderViews.delete(orderId);
  }
}

/** The orders' recorder for the after-commit buffer; `committed` hands each committed record to publishing. */
export function orderChangeRecorder(
  committed: (changes: OrderChanges) => void,
): ChangeRecorder<OrderChanges> {
  return {
    empty: () => ({ orderIds: new Set(), orderChanges: new Map(), orderViews: new Map() }),
    flushed: touchedBy,
    merge: (into, from) => {
      for (const [id, change] of from.orderChanges) {
        noteOrder(into, id, change);
        const view = from.orderViews.get(id);
        if (view) into.orderViews.set(id, view);
        else into.orderViews.delete(id);
      }
    },
    isEmpty: (record) => record.orderIds.size === 0,
    committed,
  };
}
