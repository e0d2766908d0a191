import { defineEntity, p } from '@mikro-orm/core';
import { PriceChange } from '../../price-changes/price-change.entity.ts';
import { Order } from '../persistence/order.entity.ts';

const money = () => p.decimal().precision(14).scale(3);
const rate = () => p.decimal().precision(6).scale(3);

/** One order re-priced by one change, with its totals and rates before and after. Written set-based (`insertRepricingAudit`). */
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
