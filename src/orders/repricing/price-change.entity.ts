import { defineEntity, p } from '@mikro-orm/core';
import { Product } from '../../catalog/product.entity.ts';
import { Order } from '../persistence/order.entity.ts';

const money = () => p.decimal().precision(14).scale(3);
const rate = () => p.decimal().precision(6).scale(3);

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
    actor: p.string().length(200),
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

/** One order re-priced by one change, with its totals and rates before and after. Written set-based. */
export const OrderRepricingSchema = defineEntity({
  name: 'OrderRepricing',
  tableName: 'order_repricing',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    change: () => p.manyToOne(PriceChange),
    order: () => p.manyToOne(Order).index().deleteRule('cascade'),
    currency: p.string().length(3),
    oldTotal: money(),
    newTotal: money(),
    oldTaxRatePercent: rate(),
    newTaxRatePercent: rate(),
    oldSurchargePercent: rate(),
    newSurchargePercent: rate(),
    at: p.datetime().onCreate(() => new Date()),
  },
  // Pages of one change's re-priced orders walk this index.
  indexes: [{ properties: ['change', 'id'] }],
});

export class OrderRepricing extends OrderRepricingSchema.class {}
OrderRepricingSchema.setClass(OrderRepricing);
