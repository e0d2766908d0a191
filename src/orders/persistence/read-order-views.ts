import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { sql } from 'kysely';
import type { RecordedTransition } from '../domain/order-timeline.ts';
import type { OrderView } from '../domain/order-view.ts';
import type { StoredPayment } from './payment-view.ts';
import { orderViewOf, type StoredOrder, type StoredOrderItem } from './to-order-view.ts';

/**
 * Timestamp columns arrive as PostgreSQL's text (or as dates, depending on the driver); text is parsed exactly
 * as the ORM parses it for entities, so both kinds of read yield the same view.
 */
type Timestamps<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | Date };

/** Lists grouped by the order they belong to. */
function byOrder<T extends { orderId: string }>(rows: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.orderId);
    if (list) list.push(row);
    else grouped.set(row.orderId, [row]);
  }
  return grouped;
}

/**
 * The views of many orders as `em`'s transaction sees them, read with four plain statements (orders, lines
 * with their products' names, payments, transitions) and built by the same `orderViewOf` as every other view.
 * Nothing enters the identity map, so there is no hydration and no change-set work at commit: this is how a
 * set-based write (re-pricing thousands of orders) builds the views it publishes, and the after-commit reads
 * of the publisher. Orders that do not exist are left out; the result is in no particular order.
 */
export async function readOrderViews(em: EntityManager, ids: readonly string[]): Promise<OrderView[]> {
  if (ids.length === 0) return [];
  const db = (em as SqlEntityManager).getKysely();
  const idList = [...ids];
  const orders = await sql<Timestamps<StoredOrder, 'createdAt' | 'updatedAt'>>`
    select id, number, pickup_code as "pickupCode", status, version, currency, subtotal, discount_total as "discountTotal", surcharge, tax,
      total, tax_rate_percent as "taxRatePercent", surcharge_percent as "surchargePercent",
      discount_code as "discountCode", discount_kind as "discountKind", discount_value as "discountValue",
      amount_paid as "amountPaid", invoice_number as "invoiceNumber", created_at as "createdAt",
      updated_at as "updatedAt"
    from customer_order where id = any(${idList}::uuid[])`.execute(db);
  if (orders.rows.length === 0) return [];
  const items = await sql<
    Timestamps<StoredOrderItem, 'createdAt'> & {
      orderId: string;
      productId: string;
      productName: string | null;
    }
  >`
      select i.id, i.order_id as "orderId", i.product_id as "productId", p.name as "productName", i.name,
        i.unit_price as "unitPrice", i.quantity, i.line_total as "lineTotal", i.notes,
        i.created_at as "createdAt"
      from order_item i left join product p on p.id = i.product_id
      where i.order_id = any(${idList}::uuid[])`.execute(db);
  const payments = await sql<Timestamps<StoredPayment, 'createdAt'> & { orderId: string }>`
      select id, order_id as "orderId", kind, method, amount, change_due as "changeDue",
        terminal_provider as "terminalProvider", actor, idempotency_key as "idempotencyKey",
        created_at as "createdAt"
      from payment where order_id = any(${idList}::uuid[])`.execute(db);
  const transitions = await sql<Timestamps<RecordedTransition, 'at'> & { orderId: string }>`
      select id, order_id as "orderId", from_status as "fromStatus", to_status as "toStatus", actor, reason, at
      from order_status_change where order_id = any(${idList}::uuid[])`.execute(db);
  const platform = em.getPlatform();
  const date = (value: string | Date) =>
    value instanceof Date ? value : (platform.parseDate(value) as Date);
  const itemsOf = byOrder(
    items.rows.map((row) => ({
      ...row,
      product: { id: row.productId, name: row.productName },
      createdAt: date(row.createdAt),
    })),
  );
  const paymentsOf = byOrder(payments.rows.map((row) => ({ ...row, createdAt: date(row.createdAt) })));
  const transitionsOf = byOrder(transitions.rows.map((row) => ({ ...row, at: date(row.at) })));
  return orders.rows.map((order) =>
    orderViewOf(
      { ...order, createdAt: date(order.createdAt), updatedAt: date(order.updatedAt) },
      itemsOf.get(order.id) ?? [],
      paymentsOf.get(order.id) ?? [],
      transitionsOf.get(order.id) ?? [],
    ),
  );
}
