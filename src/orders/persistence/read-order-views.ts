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

/** The columns of `customer_order o` a view needs, named as `StoredOrder`'s fields. */
export const ORDER_VIEW_COLUMNS = sql`o.id, o.number, o.pickup_code as "pickupCode", o.status, o.version,
  o.currency, o.subtotal, o.discount_total as "discountTotal", o.surcharge, o.tax, o.total,
  o.tax_rate_percent as "taxRatePercent", o.surcharge_percent as "surchargePercent",
  o.discount_code as "discountCode", o.discount_kind as "discountKind", o.discount_value as "discountValue",
  o.amount_paid as "amountPaid", o.invoice_number as "invoiceNumber", o.created_at as "createdAt",
  o.updated_at as "updatedAt"`;

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

interface OrderWithLists extends OrderRow {
  items: (Omit<Timestamps<StoredOrderItem, 'createdAt'>, 'product'> & {
    productId: string;
    productName: string;
  })[];
  payments: Timestamps<StoredPayment, 'createdAt'>[];
  transitions: Timestamps<RecordedTransition, 'at'>[];
}

/**
 * The views of the orders among `ids` that exist, in no particular order, read in a single statement (each
 * order's lines, payments and transitions aggregated as JSON beside its row) and built by the same
 * `orderViewOf` as every other view. Nothing enters the identity map, so there is no hydration and no
 * change-set work at commit. One statement sees one commit, so it needs no transaction (`readOrderView`), yet
 * inside one it sees that transaction's own writes (a re-pricing batch reads back what it wrote). Numbers and
 * timestamps are aggregated as PostgreSQL's text, exactly as plain columns arrive.
 */
export async function readOrderViews(em: EntityManager, ids: readonly string[]): Promise<OrderView[]> {
  if (ids.length === 0) return [];
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
    from customer_order o where o.id = any(${[...ids]}::uuid[])`.execute(kyselyOf(em));
  const platform = em.getPlatform();
  const date = (value: string | Date) =>
    value instanceof Date ? value : (platform.parseDate(value) as Date);
  return rows.map(({ items, payments, transitions, ...order }) =>
    orderViewOf(
      { ...order, createdAt: date(order.createdAt), updatedAt: date(order.updatedAt) },
      items.map(({ productId, productName, ...item }) => ({
        ...item,
        product: { id: productId, name: productName },
        createdAt: date(item.createdAt),
      })),
      payments.map((payment) => ({ ...payment, createdAt: date(payment.createdAt) })),
      transitions.map((transition) => ({ ...transition, at: date(transition.at) })),
    ),
  );
}

/**
 * The view of one order (see `readOrderViews`), or null when there is no such order: the snapshot every live
 * subscription reads as it opens — all of them at once after a fleet restart — in one round trip.
 */
export async function readOrderView(em: EntityManager, id: string): Promise<OrderView | null> {
  const [view] = await readOrderViews(em, [id]);
  return view ?? null;
}
