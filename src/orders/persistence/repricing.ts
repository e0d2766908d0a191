import { type EntityManager, type FilterQuery, LockMode } from '@mikro-orm/core';
import { IN_PROGRESS_STATUSES } from '../domain/order-status.ts';
import { Order, OrderItem } from './order.entity.ts';
import { applyCurrentPricing, type OrderPricingTerms } from './order-pricing.ts';

const BATCH_SIZE = 500;

/**
 * Re-prices every in-progress order matching `where`, in id order and in batches, inside the caller's
 * transaction. Each batch is row-locked first, so a cart edit racing with this either commits before the
 * lock (and is re-priced here) or waits and then prices with the new terms. Returns how many orders changed.
 */
export async function repriceOpenOrders(
  em: EntityManager,
  terms: OrderPricingTerms,
  where: FilterQuery<Order> = {},
): Promise<number> {
  let repriced = 0;
  let afterId: string | undefined;
  for (;;) {
    const batch = await em.find(
      Order,
      {
        $and: [
          where,
          { status: { $in: [...IN_PROGRESS_STATUSES] } },
          afterId ? { id: { $gt: afterId } } : {},
        ],
      },
      { orderBy: { id: 'asc' }, limit: BATCH_SIZE, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    if (batch.length === 0) return repriced;
    await em.populate(batch, ['items', 'items.product', 'payments', 'statusHistory'], { refresh: true });
    for (const order of batch) {
      if (applyCurrentPricing(order, terms)) repriced++;
    }
    await em.flush();
    afterId = batch.at(-1)?.id;
    // Flushed work is recorded by the after-commit buffer; dropping it keeps each flush proportional to
    // one batch instead of everything re-priced so far.
    em.clear();
    if (batch.length < BATCH_SIZE) return repriced;
  }
}

/** Re-prices, inside the caller's transaction, every in-progress order holding `productId` (a price change). */
export async function repriceOrdersContaining(
  em: EntityManager,
  productId: string,
  terms: OrderPricingTerms,
): Promise<number> {
  const items = await em.find(OrderItem, { product: productId }, { fields: ['order'] });
  const orderIds = [...new Set(items.map((item) => item.order.id))];
  if (orderIds.length === 0) return 0;
  return repriceOpenOrders(em, terms, { id: { $in: orderIds } });
}
