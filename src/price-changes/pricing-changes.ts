import type { EntityManager } from '@mikro-orm/core';
import type { PriceChange } from './price-change.entity.ts';

/** A pricing term as it changed: `field` is `taxRatePercent`, `surchargePercent` or `currency`. */
export interface TermChange {
  field: string;
  previous: string;
  next: string;
}

/**
 * What the settings and catalogue features call when prices go stale. They know no orders: the orders
 * feature implements this (`OrderRepricer`) and start-up (`app.ts`) hands it to them.
 */
export interface PricingChanges {
  /** Records a change of pricing terms inside the settings change's own transaction. */
  recordSettingsChange(
    em: EntityManager,
    change: { actor: string; terms: readonly TermChange[]; pricingVersion: number },
  ): PriceChange;
  /** Records a product's price change inside the catalogue change's own transaction. */
  recordProductPriceChange(
    em: EntityManager,
    change: {
      actor: string;
      product: { id: string; name: string };
      oldPrice: string;
      newPrice: string;
      currency: string;
    },
  ): PriceChange;
  /** After the change committed: re-prices every order it made stale; resolves with how many changed. */
  repriceAfter(change: PriceChange): Promise<number>;
}
