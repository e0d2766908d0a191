import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { type RawBuilder, sql } from 'kysely';
import { toStored } from '../../money/decimal.ts';
import { IN_PROGRESS_STATUSES } from '../domain/order-status.ts';
import type { OrderView } from '../domain/order-view.ts';
import { type OrderPricingTerms, storedPricing } from '../persistence/order-pricing.ts';
import {
  ORDER_VIEW_COLUMNS,
  type OrderLineRow,
  type OrderRow,
  readOrderLines,
  readOrderViews,
} from '../persistence/read-order-views.ts';
import { insertRepricingAudit } from './audit-rows.ts';

/** Which in-progress orders a change made stale. */
export type StaleOrders =
  /** Priced with an older settings `pricingVersion` than `pricingVersion`. */
  | { kind: 'SETTINGS'; pricingVersion: number }
  /** Holding a line of `productId` whose unit price differs from the product's current price. */
  | { kind: 'PRODUCT_PRICE'; productId: string };

/** A locked order: its view's columns and what pricing compares. */
type LockedOrder = OrderRow & { pricingVersion: number };

export interface BatchResult {
  /** Orders locked and brought to the current terms (changed or not). */
  locked: number;
  /** Orders whose client-visible prices changed: written with a new version, audited, published. */
  repriced: string[];
  /** The views of the `repriced` orders as this transaction wrote them, for the after-commit publisher. */
  views: OrderView[];
  /** The highest id locked: the next batch of an id-order pass starts after it. */
  lastId: string | undefined;
}

/**
 * The stale test in SQL, for locking a batch; `staleTermsOf` is the same rule in memory (the unit of work's,
 * free on the cart's hot path) and `OrderRepricer.repriceStale` scans by it at start-up: change them together.
 */
function staleCondition(stale: StaleOrders): RawBuilder<unknown> {
  if (stale.kind === 'SETTINGS') return sql`o.pricing_version < ${stale.pricingVersion}`;
  return sql`exists (
    select 1 from order_item i join product p on p.id = i.product_id
    where i.order_id = o.id and i.product_id = ${stale.productId} and i.unit_price <> p.price)`;
}

/** Column values of the orders whose prices changed, as parallel arrays for one `unnest` each. */
interface Writes {
  orders: { id: string[]; subtotal: string[]; discountTotal: string[]; surcharge: string[]; tax: string[] };
  totals: { old: string[]; new: string[] };
  rates: { oldTax: string[]; oldSurcharge: string[]; currency: string[] };
  lines: { id: string[]; unitPrice: string[]; lineTotal: string[] };
  /** Orders whose prices did not move: only their `pricing_version` advances. */
  unchanged: string[];
}

function emptyWrites(): Writes {
  return {
    orders: { id: [], subtotal: [], discountTotal: [], surcharge: [], tax: [] },
    totals: { old: [], new: [] },
    rates: { oldTax: [], oldSurcharge: [], currency: [] },
    lines: { id: [], unitPrice: [], lineTotal: [] },
    unchanged: [],
  };
}

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

/** Prices every locked order in memory with the one pricing function and collects what must be written. */
function priceBatch(
  orders: readonly LockedOrder[],
  lines: readonly OrderLineRow[],
  terms: OrderPricingTerms,
): Writes {
  const linesOf = byOrder(lines);
  const writes = emptyWrites();
  for (const order of orders) {
    const orderLines = linesOf.get(order.id) ?? [];
    const priced = storedPricing(
      {
        lines: orderLines.map((line) => ({ unitPrice: line.price, quantity: line.quantity })),
        discountKind: order.discountKind,
        discountValue: order.discountValue,
      },
      terms,
    );
    let changed =
      order.currency !== priced.currency ||
      order.taxRatePercent !== priced.taxRatePercent ||
      order.surchargePercent !== priced.surchargePercent ||
      order.subtotal !== priced.subtotal ||
      order.discountTotal !== priced.discountTotal ||
      order.surcharge !== priced.surcharge ||
      order.tax !== priced.tax ||
      order.total !== priced.total;
    orderLines.forEach((line, index) => {
      const unitPrice = priced.unitPrices[index] as string;
      const lineTotal = priced.lineTotals[index] as string;
      if (line.unitPrice === unitPrice && line.lineTotal === lineTotal) return;
      changed = true;
      writes.lines.id.push(line.id);
      writes.lines.unitPrice.push(unitPrice);
      writes.lines.lineTotal.push(lineTotal);
    });
    if (!changed) {
      writes.unchanged.push(order.id);
      continue;
    }
    writes.orders.id.push(order.id);
    writes.orders.subtotal.push(priced.subtotal);
    writes.orders.discountTotal.push(priced.discountTotal);
    writes.orders.surcharge.push(priced.surcharge);
    writes.orders.tax.push(priced.tax);
    writes.totals.old.push(order.total);
    writes.totals.new.push(priced.total);
    writes.rates.oldTax.push(order.taxRatePercent);
    writes.rates.oldSurcharge.push(order.surchargePercent);
    writes.rates.currency.push(priced.currency);
  }
  return writes;
}

/**
 * For the rest of the caller's transaction, plans walk indexes by key: every statement of a batch touches at
 * most `size` rows found by primary key (or the orders' ids), but right after many orders were created or
 * re-priced the table's statistics can be stale enough for the planner to prefer reading the whole table
 * (a sequential scan hashed against the batch's ids, or every open order sorted by id) — once per batch, so
 * a change's cost would grow with the square of the open orders.
 */
async function keyedPlans(em: EntityManager): Promise<void> {
  await sql`
    select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
      set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true),
      set_config('enable_sort', 'off', true)`.execute((em as SqlEntityManager).getKysely());
}

/**
 * Writes a priced batch with one statement (its data-modifying parts run as one): orders that did not move
 * get the new `pricing_version` only; the others their prices, rates and a new version; changed lines; the
 * audit rows.
 */
async function writeBatch(
  em: EntityManager,
  writes: Writes,
  terms: OrderPricingTerms,
  changeId: number,
): Promise<void> {
  const taxRate = toStored(terms.taxRatePercent);
  const surchargeRate = toStored(terms.surchargePercent);
  await sql`
    with unchanged as (
      update customer_order o set pricing_version = ${terms.pricingVersion}
      where o.id = any(${writes.unchanged}::uuid[])
    ), repriced as (
      update customer_order o set
        currency = ${terms.currency}, pricing_version = ${terms.pricingVersion},
        tax_rate_percent = ${taxRate}, surcharge_percent = ${surchargeRate},
        subtotal = v.subtotal, discount_total = v.discount_total, surcharge = v.surcharge, tax = v.tax,
        total = v.total, version = o.version + 1, updated_at = now()
      from unnest(${writes.orders.id}::uuid[], ${writes.orders.subtotal}::numeric[],
        ${writes.orders.discountTotal}::numeric[], ${writes.orders.surcharge}::numeric[],
        ${writes.orders.tax}::numeric[], ${writes.totals.new}::numeric[])
        as v(id, subtotal, discount_total, surcharge, tax, total)
      where o.id = v.id
    ), lines as (
      update order_item i set unit_price = v.unit_price, line_total = v.line_total
      from unnest(${writes.lines.id}::uuid[], ${writes.lines.unitPrice}::numeric[],
        ${writes.lines.lineTotal}::numeric[]) as v(id, unit_price, line_total)
      where i.id = v.id
    ), audit as (
      ${insertRepricingAudit(
        { changeId, newTaxRatePercent: taxRate, newSurchargePercent: surchargeRate },
        {
          orderId: writes.orders.id,
          currency: writes.rates.currency,
          oldTotal: writes.totals.old,
          newTotal: writes.totals.new,
          oldTaxRatePercent: writes.rates.oldTax,
          oldSurchargePercent: writes.rates.oldSurcharge,
        },
      )}
    )
    select 1`.execute((em as SqlEntityManager).getKysely());
}

/**
 * Re-prices one batch of stale in-progress orders inside the caller's short transaction, set-based: one
 * statement locks up to `size` orders in id order after `afterId`, or among `ids` (orders picked out to go
 * first, such as those someone is watching; those not stale are left) (the house lock order: the caller has
 * share-locked the settings row first; order rows come last), one reads their lines with the products'
 * current prices, the pure pricing function prices them in memory, one statement writes orders, lines and
 * audit rows, and the last adds to the change's count. Orders whose prices did not move only have their `pricing_version`
 * advanced; the others get a new version (so live views order them after every earlier value). Their views
 * are read back in one statement: what this transaction wrote, for the after-commit publisher.
 *
 * With `skipLocked`, orders a till's transaction holds are passed over instead of waited for: that
 * transaction read the current terms (a settings change waits for every share lock on the settings row),
 * so its own write re-prices them; a later pass without `skipLocked` catches any it rolled back. Either way
 * a till waits for one batch at most. Rows another writer re-priced meanwhile no longer match and are left.
 */
export async function repriceBatch(
  em: EntityManager,
  args: {
    stale: StaleOrders;
    terms: OrderPricingTerms;
    changeId: number;
    size: number;
    skipLocked: boolean;
  } & ({ afterId: string } | { ids: readonly string[] }),
): Promise<BatchResult> {
  await keyedPlans(em);
  // An id list is found through the primary key, one probe per id, which walks the list in id order. Asking
  // for that order explicitly would make the planner (sorts being off, see `keyedPlans`) walk the whole
  // index in order instead, filtering by the list: a scan of every order per batch.
  const keys =
    'ids' in args
      ? { where: sql`o.id = any(${[...args.ids]}::uuid[])`, order: sql`` }
      : { where: sql`o.id > ${args.afterId}`, order: sql`order by o.id` };
  const locked = await sql<LockedOrder>`
    select ${ORDER_VIEW_COLUMNS}, o.pricing_version as "pricingVersion"
    from customer_order o
    where o.status in (${sql.join([...IN_PROGRESS_STATUSES])}) and ${keys.where}
      and ${staleCondition(args.stale)}
    ${keys.order}
    limit ${args.size}
    for update of o ${args.skipLocked ? sql`skip locked` : sql``}`.execute(
    (em as SqlEntityManager).getKysely(),
  );
  // UUIDs order as their lowercase text does.
  const orders = locked.rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (orders.length === 0) return { locked: 0, repriced: [], views: [], lastId: undefined };
  const ids = orders.map((order) => order.id);
  // Read after the lock, in its own statement: a line joined into the locking statement could predate the
  // commit of a writer the lock waited for.
  const lines = await readOrderLines(em, ids);
  const writes = priceBatch(orders, lines, args.terms);
  await writeBatch(em, writes, args.terms, args.changeId);
  // Read back in the same transaction: exactly what it wrote, for the after-commit publisher.
  const views = await readOrderViews(em, writes.orders.id);
  if (writes.orders.id.length > 0) {
    // Last before COMMIT: batches running side by side all update this one row, and each holds its lock
    // (with its orders') until it commits.
    await sql`
      update price_change set orders_repriced = orders_repriced + ${writes.orders.id.length}
      where id = ${args.changeId}`.execute((em as SqlEntityManager).getKysely());
  }
  return { locked: orders.length, repriced: writes.orders.id, views, lastId: ids.at(-1) };
}
