import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { sql } from 'kysely';
import type { Order } from '../persistence/order.entity.ts';
import type { OrderPricingTerms } from '../persistence/order-pricing.ts';

/** Why an order's stored prices no longer follow the terms: what a re-pricing of it is attributed to. */
export interface StaleTerms {
  /** The `pricingVersion` it was priced with, older than the settings' current one; null when current. */
  behindPricingVersion: number | null;
  /** Products of its lines whose stored unit price differs from the product's current price. */
  productIds: string[];
}

/**
 * Whether the order (lines and their products loaded) was priced with other terms than `terms` and the
 * catalogue's current prices — the same test the re-pricing batches select stale orders by. In memory: the
 * cart's hot path pays nothing more. Undefined when its terms are current.
 */
export function staleTermsOf(order: Order, terms: OrderPricingTerms): StaleTerms | undefined {
  const productIds = new Set<string>();
  for (const item of order.items.getItems()) {
    if (item.unitPrice !== item.product.price) productIds.add(item.product.id);
  }
  const behind = order.pricingVersion < terms.pricingVersion ? order.pricingVersion : null;
  if (behind === null && productIds.size === 0) return undefined;
  return { behindPricingVersion: behind, productIds: [...productIds] };
}

/**
 * The newest committed price change that made the order stale: a settings change newer than the version it
 * was priced with, or the latest price change of one of its stale lines' products. Undefined when none is
 * recorded (a price set outside the audited paths): such a re-pricing has nothing to be attributed to.
 */
export async function newestChangeBehind(em: EntityManager, stale: StaleTerms): Promise<number | undefined> {
  const settings =
    stale.behindPricingVersion === null
      ? sql`false`
      : sql`kind = 'SETTINGS' and settings_pricing_version > ${stale.behindPricingVersion}`;
  const { rows } = await sql<{ id: number }>`
    select id from price_change
    where ${settings} or (kind = 'PRODUCT_PRICE' and product_id = any(${stale.productIds}::uuid[]))
    order by id desc
    limit 1`.execute((em as SqlEntityManager).getKysely());
  return rows[0]?.id;
}
