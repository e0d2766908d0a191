import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Product } from '../catalog/product.entity.ts';
import { ORDER_STATUSES } from './order-status.ts';

const money = () => p.decimal().precision(14).scale(3);
const rate = () => p.decimal().precision(6).scale(3);

export const OrderSchema = defineEntity({
  name: 'Order',
  tableName: 'customer_order',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    /** Short human-facing number shown on tickets and boards. */
    number: p.integer().autoincrement().unique(),
    status: p.enum(ORDER_STATUSES).index(),
    /** Bumped on every committed change; live views drop any value older than the last they showed. */
    version: p.integer().version(),
    currency: p.string().length(3),
    taxRatePercent: rate(),
    surchargePercent: rate(),
    subtotal: money(),
    discountTotal: money(),
    surcharge: money(),
    tax: money(),
    total: money(),
    createdBy: p.string().length(200),
    items: () => p.oneToMany(OrderItem).mappedBy('order').orphanRemoval(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
  },
});

export class Order extends OrderSchema.class {}
OrderSchema.setClass(Order);

export const OrderItemSchema = defineEntity({
  name: 'OrderItem',
  tableName: 'order_item',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    order: () => p.manyToOne(Order).index().deleteRule('cascade'),
    product: () => p.manyToOne(Product).index(),
    /** The product's name when added, so receipts survive catalogue renames. */
    name: p.string().length(200),
    unitPrice: money(),
    quantity: p.integer(),
    lineTotal: money(),
    notes: p.string().length(500).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class OrderItem extends OrderItemSchema.class {}
OrderItemSchema.setClass(OrderItem);
