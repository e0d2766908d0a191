import { type EntityManager, LockMode } from '@mikro-orm/core';
import { Product } from '../catalog/product.entity.ts';
import { Discount } from '../discounts/discount.entity.ts';
import { NotFoundError } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { Order, OrderItem } from './order.entity.ts';

export interface LockPlan {
  /** Exclusive locks on the order's products (stock checked or changed). */
  products: boolean;
  /** Exclusive lock on the order's discount code (usage count changed). */
  discount: boolean;
}

/**
 * Locks an order for a lifecycle step in the house lock order — (settings, share-locked by the caller) →
 * product rows → discount row → order row — so no two writers can wait on each other in a cycle. Which
 * products and discount to lock is peeked first without locks; the order's lines and discount only change
 * in DRAFT under the order lock, and a lost race there ends in a detected deadlock that is retried.
 * Returns the order with items, products, payments and discount loaded.
 */
export async function lockOrderForLifecycle(
  em: EntityManager,
  orderId: string,
  plan: LockPlan,
): Promise<Order> {
  if (!isUuid(orderId)) throw new NotFoundError('Order', orderId);
  if (plan.products) {
    const lines = await em.find(OrderItem, { order: orderId }, { fields: ['product'] });
    const productIds = [...new Set(lines.map((line) => line.product.id))].sort();
    if (productIds.length) {
      await em.find(
        Product,
        { id: { $in: productIds } },
        { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
    }
  }
  if (plan.discount) {
    const peek = await em.findOne(Order, orderId, { fields: ['discount'] });
    const discountId = peek?.discount?.id;
    if (discountId) {
      await em.findOne(Discount, discountId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    }
  }
  const order = await em.findOne(Order, orderId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!order) throw new NotFoundError('Order', orderId);
  await em.populate(order, ['items', 'items.product', 'payments', 'discount'], { refresh: true });
  return order;
}
