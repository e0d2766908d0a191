import { defineEntity, p } from '@mikro-orm/core';
import { MAX_ACTOR_LENGTH } from '../auth/viewer.ts';
import { Product } from '../catalog/product.entity.ts';

const money = () => p.decimal().precision(14).scale(3);

export const PRICE_CHANGE_KINDS = ['SETTINGS', 'PRODUCT_PRICE'] as const;
export type PriceChangeKind = (typeof PRICE_CHANGE_KINDS)[number];

/**
 * One change that made open orders' prices stale: a change of the settings' pricing terms or of a product's
 * price. Numbered in commit order (`#42` on an order's timeline); append-only except `ordersRepriced`, which
 * grows as the re-pricing batches commit.
 */
export const PriceChangeSchema = defineEntity({
  name: 'PriceChange',
  tableName: 'price_change',
  properties: {
    id: p.integer().primary().autoincrement(),
    kind: p.enum(PRICE_CHANGE_KINDS),
    actor: p.string().length(MAX_ACTOR_LENGTH),
    at: p.datetime().onCreate(() => new Date()),
    /** What changed, as people read it: `tax 8 % → 9.5 %` or `Burger 12.50 → 13.00`. */
    summary: p.string().length(300),
    /** SETTINGS: the settings `pricingVersion` the change produced. */
    settingsPricingVersion: p.integer().nullable(),
    /** PRODUCT_PRICE: the product and the price it was given. */
    product: () => p.manyToOne(Product).nullable().deleteRule('set null'),
    newPrice: money().nullable(),
    ordersRepriced: p.integer().default(0),
  },
  indexes: [{ properties: ['settingsPricingVersion'] }],
});

export class PriceChange extends PriceChangeSchema.class {}
PriceChangeSchema.setClass(PriceChange);
