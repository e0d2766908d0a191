import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { type RawBuilder, sql } from 'kysely';

/** The change that re-priced some orders and the rates it gave them (stored scale: `9.500`). */
export interface RepricingCause {
  /** The `price_change` row the re-pricing is attributed to. */
  changeId: number;
  newTaxRatePercent: string;
  newSurchargePercent: string;
}

/**
 * The re-priced orders, as parallel arrays (one `unnest` each): money and rates at the stored scale, totals
 * as last stored before and as written after, the currency after.
 */
export interface RepricedOrderColumns {
  orderId: string[];
  currency: string[];
  oldTotal: string[];
  newTotal: string[];
  oldTaxRatePercent: string[];
  oldSurchargePercent: string[];
}

/**
 * The one statement that writes re-pricing audit rows: one `order_repricing` row per order in `orders`,
 * attributed to `cause`. Every re-pricing by new terms is written through here, wherever it happens: a batch
 * embeds it in its single write statement, a unit of work runs it through `recordRepricing`.
 */
export function insertRepricingAudit(
  cause: RepricingCause,
  orders: RepricedOrderColumns,
): RawBuilder<unknown> {
  return sql`
    insert into order_repricing (change_id, order_id, currency, old_total, new_total, old_tax_rate_percent,
      new_tax_rate_percent, old_surcharge_percent, new_surcharge_percent, at)
    select ${cause.changeId}, v.order_id, v.currency, v.old_total, v.new_total, v.old_tax,
      ${cause.newTaxRatePercent}, v.old_surcharge, ${cause.newSurchargePercent}, now()
    from unnest(${orders.orderId}::uuid[], ${orders.currency}::varchar[], ${orders.oldTotal}::numeric[],
      ${orders.newTotal}::numeric[], ${orders.oldTaxRatePercent}::numeric[],
      ${orders.oldSurchargePercent}::numeric[])
      as v(order_id, currency, old_total, new_total, old_tax, old_surcharge)`;
}

/**
 * Audits one order a unit of work re-priced because the terms changed under it, in the caller's transaction:
 * its audit row and one more on the change's `ordersRepriced`, in one statement. Run it last before COMMIT:
 * the count's row lock is held until then, and a batch of the same change updates that row too.
 */
export async function recordRepricing(
  em: EntityManager,
  cause: RepricingCause,
  order: {
    id: string;
    currency: string;
    oldTotal: string;
    newTotal: string;
    oldTaxRatePercent: string;
    oldSurchargePercent: string;
  },
): Promise<void> {
  const audit = insertRepricingAudit(cause, {
    orderId: [order.id],
    currency: [order.currency],
    oldTotal: [order.oldTotal],
    newTotal: [order.newTotal],
    oldTaxRatePercent: [order.oldTaxRatePercent],
    oldSurchargePercent: [order.oldSurchargePercent],
  });
  await sql`
    with audit as (${audit})
    update price_change set orders_repriced = orders_repriced + 1 where id = ${cause.changeId}`.execute(
    (em as SqlEntityManager).getKysely(),
  );
}
