import { minorUnitsOf } from '../../money/currency.ts';
import { Decimal, toStored } from '../../money/decimal.ts';
import type { PricingTerms } from '../../settings/pricing-terms.ts';
import { type OrderDiscount, priceOrder } from '../domain/pricing.ts';
import type { Order } from './order.entity.ts';

/** The settings a price depends on, read inside the transaction that prices. */
export type OrderPricingTerms = Pick<PricingTerms, 'taxRatePercent' | 'surchargePercent' | 'currency'>;

/** The discount applied to the order, as recorded on it when applied. */
function discountOf(order: Order): OrderDiscount | null {
  if (!order.discountKind || order.discountValue == null) return null;
  const value = new Decimal(order.discountValue);
  return order.discountKind === 'PERCENT'
    ? { kind: 'PERCENT', percent: value }
    : { kind: 'FIXED', amount: value };
}

/**
 * Re-prices an in-progress order from the current catalogue prices and `terms` (items and their products
 * must be loaded). Returns whether anything about the order changed; if so its `updatedAt` moves, which
 * bumps its version when flushed.
 */
export function applyCurrentPricing(order: Order, terms: OrderPricingTerms): boolean {
  const minorUnits = minorUnitsOf(terms.currency);
  const items = order.items.getItems();
  const totals = priceOrder({
    lines: items.map((item) => ({ unitPrice: new Decimal(item.product.price), quantity: item.quantity })),
    discount: discountOf(order),
    taxRatePercent: new Decimal(terms.taxRatePercent),
    surchargePercent: new Decimal(terms.surchargePercent),
    minorUnits,
  });
  const before = JSON.stringify([
    order.subtotal,
    order.discountTotal,
    order.total,
    order.tax,
    order.surcharge,
    order.currency,
  ]);
  let changed = false;
  items.forEach((item, index) => {
    const unitPrice = toStored(totals.unitPrices[index] ?? new Decimal(item.product.price));
    const lineTotal = toStored(totals.lineTotals[index] ?? new Decimal(0));
    if (item.unitPrice !== unitPrice || item.lineTotal !== lineTotal) changed = true;
    item.unitPrice = unitPrice;
    item.lineTotal = lineTotal;
  });
  const taxRatePercent = toStored(new Decimal(terms.taxRatePercent));
  const surchargePercent = toStored(new Decimal(terms.surchargePercent));
  if (order.taxRatePercent !== taxRatePercent || order.surchargePercent !== surchargePercent) changed = true;
  order.taxRatePercent = taxRatePercent;
  order.surchargePercent = surchargePercent;
  order.currency = terms.currency;
  order.subtotal = toStored(totals.subtotal);
  order.discountTotal = toStored(totals.discountTotal);
  order.surcharge = toStored(totals.surcharge);
  order.tax = toStored(totals.tax);
  order.total = toStored(totals.total);
  const after = JSON.stringify([
    order.subtotal,
    order.discountTotal,
    order.total,
    order.tax,
    order.surcharge,
    order.currency,
  ]);
  if (before !== after) changed = true;
  if (changed) order.updatedAt = new Date();
  return changed;
}
