import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { sql } from 'kysely';
import type { RecordedTransition } from '../domain/order-timeline.ts';
import type { OrderView } from '../domain/order-view.ts';
import type { StoredPayment } from './payment-view.ts';
import { ORDER_VIEW_COLUMNS, type OrderRow } from './read-order-views.ts';
import { orderViewOf, type StoredOrderItem } from './to-order-view.ts';

/** Timestamps inside the aggregated lists: PostgreSQL's text, as a plain statement's column would carry them. */
type WithText<T, K extends keyof T> = Omit<T, K> & { [P in K]: string };

interface OrderWithLists extends OrderRow {
  items: (WithText<StoredOrderItem, 'createdAt' | 'product'> & { productId: string; productName: string })[];
  payments: WithText<StoredPayment, 'createdAt'>[];
  transitions: WithText<RecordedTransition, 'at'>[];
}

/**
 * The view of one order read in a single statement (its lines, payments and transitions aggregated as JSON
 * beside its row), or null when there is no such order. One statement sees one commit, so it needs no
 * transaction: one round trip, where `readOrderViews` needs four inside `BEGIN`…`COMMIT`. This is the
 * snapshot every live subscription reads as it opens — all of them at once after a fleet restart. Numbers and
 * timestamps are aggregated as PostgreSQL's text, exactly as plain columns arrive, so both reads build the
 * same view with the same `orderViewOf`.
 */
export async function readOrderView(em: EntityManager, id: string): Promise<OrderView | null> {
  const { rows } = await sql<OrderWithLists>`
    select ${ORDER_VIEW_COLUMNS},
      (select coalesce(json_agg(json_build_object('id', i.id, 'productId', i.product_id, 'productName', p.name,
          'name', i.name, 'unitPrice', i.unit_price::text, 'quantity', i.quantity,
          'lineTotal', i.line_total::text, 'notes', i.notes, 'createdAt', i.created_at::text)), '[]'::json)
        from order_item i join product p on p.id = i.product_id where i.order_id = o.id) as items,
      (select coalesce(json_agg(json_build_object('id', y.id, 'kind', y.kind, 'method', y.method,
          'amount', y.amount::text, 'changeDue', y.change_due::text, 'terminalProvider', y.terminal_provider,
          'actor', y.actor, 'idempotencyKey', y.idempotency_key, 'createdAt', y.created_at::text)), '[]'::json)
        from payment y where y.order_id = o.id) as payments,
      (select coalesce(json_agg(json_build_object('id', t.id, 'fromStatus', t.from_status,
          'toStatus', t.to_status, 'actor', t.actor, 'reason', t.reason, 'at', t.at::text)), '[]'::json)
        from order_status_change t where t.order_id = o.id) as transitions
    from customer_order o where o.id = ${id}::uuid`.execute((em as SqlEntityManager).getKysely());
  const row = rows[0];
  if (!row) return null;
  const platform = em.getPlatform();
  const date = (value: string | Date) =>
    value instanceof Date ? value : (platform.parseDate(value) as Date);
  const { items, payments, transitions, ...order } = row;
  return orderViewOf(
    { ...order, createdAt: date(order.createdAt), updatedAt: date(order.updatedAt) },
    items.map(({ productId, productName, ...item }) => ({
      ...item,
      product: { id: productId, name: productName },
      createdAt: date(item.createdAt),
    })),
    payments.map((payment) => ({ ...payment, createdAt: date(payment.createdAt) })),
    transitions.map((transition) => ({ ...transition, at: date(transition.at) })),
  );
}
