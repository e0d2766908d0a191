import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { MAX_ACTOR_LENGTH } from '../../auth/viewer.ts';
import { Product } from '../../catalog/product.entity.ts';
import { DISCOUNT_KINDS, Discount } from '../../discounts/discount.entity.ts';
import { ORDER_STATUSES } from '../domain/order-status.ts';
import { OPEN_STATUSES } from '../domain/pickup-code.ts';
import { Payment } from './payment.entity.ts';

/** Refuses a second open order with the same pickup code; `OrderUnitOfWork.create` draws again. */
export const PICKUP_CODE_INDEX = 'customer_order_open_pickup_code_unique';

const money = () => p.decimal().precision(14).scale(3);
const rate = () => p.decimal().precision(6).scale(3);

export const OrderSchema = defineEntity({
  name: 'Order',
  tableName: 'customer_order',
  uniques: [
    {
      name: PICKUP_CODE_INDEX,
      properties: ['pickupCode'],
      where: `status in (${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})`,
    },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    /** The shop's sequential order number: staff-facing (it reveals the shop's volume). */
    number: p.integer().autoincrement().unique(),
    /** What the customer shows at the counter (`domain/pickup-code.ts`); unique among open orders. */
    pickupCode: p.string().length(8),
    status: p.enum(ORDER_STATUSES).index(),
    /** Bumped on every committed change; live views drop any value older than the last they showed. */
    version: p.integer().version(),
    currency: p.string().length(3),
    /** The settings `pricingVersion` its prices were computed with (see `Settings.pricingVersion`). */
    pricingVersion: p.integer().default(1),
    taxRatePercent: rate(),
    surchargePercent: rate(),
    subtotal: money(),
    discountTotal: money(),
    surcharge: money(),
    tax: money(),
    total: money(),
    /** Applied payments net of refunds and change given: what the customer has really paid. */
    amountPaid: money().default('0.000'),
    createdBy: p.string().length(MAX_ACTOR_LENGTH),
    /**
     * The applied discount as it was when applied (code, kind, value), so re-pricing needs no join and a
     * later edit of the code does not change an order; `discount` keeps the link for usage accounting.
     */
    discount: () => p.manyToOne(Discount).nullable(),
    discountCode: p.string().length(64).nullable(),
    discountKind: p.enum(DISCOUNT_KINDS).nullable(),
    discountValue: money().nullable(),
    /** Gap-free, assigned by `invoiceOrder`. */
    invoiceNumber: p.integer().nullable().unique(),
    items: () => p.oneToMany(OrderItem).mappedBy('order').orphanRemoval(),
    statusHistory: () => p.oneToMany(OrderStatusChange).mappedBy('order'),
    payments: () => p.oneToMany(Payment).mappedBy('order'),
    createdAt: p
      .datetime()
      .onCreate(() => new Date())
      .index(),
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

/** One recorded transition (docs/architecture.md: from, to, actor, time, reason); append-only. */
export const OrderStatusChangeSchema = defineEntity({
  name: 'OrderStatusChange',
  tableName: 'order_status_change',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    order: () => p.manyToOne(Order).index().deleteRule('cascade'),
    fromStatus: p.enum(ORDER_STATUSES),
    toStatus: p.enum(ORDER_STATUSES),
    actor: p.string().length(MAX_ACTOR_LENGTH),
    reason: p.string().length(500).nullable(),
    at: p.datetime().onCreate(() => new Date()),
  },
});

export class OrderStatusChange extends OrderStatusChangeSchema.class {}
OrderStatusChangeSchema.setClass(OrderStatusChange);
