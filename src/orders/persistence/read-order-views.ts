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

/** An order's row as `ORDER_VIEW_COLUMNS` selects it. */
export type OrderRow = Timestamps<StoredOrder, 'createdAt' | 'updatedAt'>;

/** A line's row as `readOrderLines` selects it, with its product's current name and price. */
export type OrderLineRow = Timestamps<StoredOrderItem, 'createdAt'> & {
  orderId: string;
  productId: string;
  productName: string | null;
  /** The product's current price (what re-pricing prices the line with). */
  price: string;
};

/**
 * The columns of `customer_order o` a view needs, named as `StoredOrder`'s fields: for `select` and for a
 * write's `returning`, so a set-based write gets the rows it wrote without reading them again.
 */
export const ORDER_VIEW_COLUMNS = sql`o.id, o.number, o.pickup_code as "pickupCode", o.status, o.version,
  o.currency, o.subtotal, o.discount_total as "discountTotal", o.surcharge, o.tax, o.total,
  o.tax_rate_percent as "taxRatePercent", o.surcharge_percent as "surchargePercent",
  o.discount_code as "discountCode", o.discount_kind as "discountKind", o.discount_value as "discountValue",
  o.amount_paid as "amountPaid", o.invoice_number as "invoiceNumber", o.created_at as "createdAt",
  o.updated_at as "updatedAt"`;

/** Lists grouped by the order they belong to. */
export function byOrder<T extends { orderId: string }>(rows: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.orderId);
    if (list) list.push(row);
    else grouped.set(row.orderId, [row]);
  }
  return grouped;
}

function kyselyOf(em: EntityManager) {
  return (em as SqlEntityManager).getKysely();
}

/** Every line of the orders `ids`, with its product's current name and price (one statement). */
export async function readOrderLines(em: EntityManager, ids: readonly string[]): Promise<OrderLineRow[]> {
  const { rows } = await sql<OrderLineRow>`
    select i.id, i.order_id as "orderId", i.product_id as "productId", p.name as "productName", p.price, i.name,
      i.unit_price as "unitPrice", i.quantity, i.line_total as "lineTotal", i.notes, i.created_at as "createdAt"
    from order_item i join product p on p.id = i.product_id
    where i.order_id = any(${[...ids]}::uuid[])`.execute(kyselyOf(em));
  return rows;
}

/**
 * The views of `orders` (rows as `ORDER_VIEW_COLUMNS` gives them) with `lines` (all of theirs, any order),
 * reading their payments and transitions with two statements on `em`'s transaction.
 */
export async function orderViewsOfRows(
  em: EntityManager,
  orders: readonly OrderRow[],
  lines: readonly OrderLineRow[],
): Promise<OrderView[]> {
  if (orders.length === 0) return [];
  const db = kyselyOf(em);
  const ids = orders.map((order) => order.id);
  const payments = await sql<Timestamps<StoredPayment, 'createdAt'> & { orderId: string }>`
    select id, order_id as "orderId", kind, method, amount, change_due as "changeDue",
      terminal_provider as "terminalProvider", actor, idempotency_key as "idempotencyKey",
      created_at as "createdAt"
    from payment where order_id = any(${ids}::uuid[])`.execute(db);
  const transitions = await sql<Timestamps<RecordedTransition, 'at'> & { orderId: string }>`
    select id, order_id as "orderId", from_status as "fromStatus", to_status as "toStatus", actor, reason, at
    from order_status_change where order_id = any(${ids}::uuid[])`.execute(db);
  const platform = em.getPlatform();
  const date = (value: string | Date) =>
    value instanceof Date ? value : (platform.parseDate(value) as Date);
  const itemsOf = byOrder(
    lines.map((row) => ({
      ...row,
      product: { id: row.productId, name: row.productName },
      createdAt: date(row.createdAt),
    })),
  );
  const paymentsOf = byOrder(payments.rows.map((row) => ({ ...row, createdAt: date(row.createdAt) })));
  const transitionsOf = byOrder(transitions.rows.map((row) => ({ ...row, at: date(row.at) })));
  return orders.map((order) =>
    orderViewOf(
      { ...order, createdAt: date(order.createdAt), updatedAt: date(order.updatedAt) },
      itemsOf.get(order.id) ?? [],
      paymentsOf.get(order.id) ?? [],
      transitionsOf.get(order.id) ?? [],
    ),
  );
}

/**
 * The views of many orders as `em`'s transaction sees them, read with four plain statements (orders, lines
 * with their products' names, payments, transitions) and built by the same `orderViewOf` as every other view.
 * Nothing enters the identity map, so there is no hydration and no change-set work at commit. Orders that do
 * not exist are left out; the result is in no particular order.
 */
export async function readOrderViews(em: EntityManager, ids: readonly string[]): Promise<OrderView[]> {
  if (ids.length === 0) return [];
  const orders = await sql<OrderRow>`
    select ${ORDER_VIEW_COLUMNS} from customer_order o where o.id = any(${[...ids]}::uuid[])`.execute(
    kyselyOf(em),
  );
  if (orders.rows.length === 0) return [];
  const lines = await readOrderLines(
    em,
    orders.rows.map((order) => order.id),
  );
  return orderViewsOfRows(em, orders.rows, lines);
}
