import { minorUnitsOf } from '../../money/currency.ts';
import { Decimal, toStored } from '../../money/decimal.ts';
import type { PricingTerms } from '../../settings/pricing-terms.ts';
import { type OrderDiscount, priceOrder } from '../domain/pricing.ts';
import type { Order } from './order.entity.ts';

/** The settings a price depends on, read inside the transaction that prices. */
export type OrderPricingTerms = Pick<
  PricingTerms,
  'taxRatePercent' | 'surchargePercent' | 'currency' | 'pricingVersion'
>;

/** What pricing needs to know about an order, as stored (numeric columns as decimal strings). */
export interface StoredOrderForPricing {
  /** Each line's current catalogue unit price and quantity. */
  lines: readonly { unitPrice: string; quantity: number }[];
  discountKind: 'PERCENT' | 'FIXED' | null | undefined;
  discountValue: string | null | undefined;
}

/** An order's prices as stored: money and rates at the columns' scale, lines in the input's order. */
export interface StoredPricing {
  unitPrices: string[];
  lineTotals: string[];
  subtotal: string;
  discountTotal: string;
  surcharge: string;
  tax: string;
  total: string;
  taxRatePercent: string;
  surchargePercent: string;
  currency: string;
}

/** The discount applied to the order, as recorded on it when applied. */
function discountOf(order: StoredOrderForPricing): OrderDiscount | null {
  if (!order.discountKind || order.discountValue == null) return null;
  const value = new Decimal(order.discountValue);
  return order.discountKind === 'PERCENT'
    ? { kind: 'PERCENT', percent: value }
    : { kind: 'FIXED', amount: value };
}

/**
 * Prices a stored order with `terms` through the one pricing function (`priceOrder`) and formats the result
 * for storage. Every writer of prices goes through here: the unit of work for one order and the set-based
 * re-pricing of many.
 */
export function storedPricing(order: StoredOrderForPricing, terms: OrderPricingTerms): StoredPricing {
  const totals = priceOrder({
    lines: order.lines.map((line) => ({ unitPrice: new Decimal(line.unitPrice), quantity: line.quantity })),
    discount: discountOf(order),
    taxRatePercent: new Decimal(terms.taxRatePercent),
    surchargePercent: new Decimal(terms.surchargePercent),
    minorUnits: minorUnitsOf(terms.currency),
  });
  return {
    unitPrices: totals.unitPrices.map((unitPrice) => toStored(unitPrice)),
    lineTotals: order.lines.map((_, index) => toStored(totals.lineTotals[index] ?? new Decimal(0))),
    subtotal: toStored(totals.subtotal),
    discountTotal: toStored(totals.discountTotal),
    surcharge: toStored(totals.surcharge),
    tax: toStored(totals.tax),
    total: toStored(totals.total),
    taxRatePercent: toStored(new Decimal(terms.taxRatePercent)),
    surchargePercent: toStored(new Decimal(terms.surchargePercent)),
    currency: terms.currency,
  };
}

/**
 * Re-prices an in-progress order from the current catalogue prices and `terms` (items and their products
 * must be loaded), and records the terms' `pricingVersion` on it. Returns whether anything about the order
 * changed; if so its `updatedAt` moves, which bumps its version when flushed.
 */
export function applyCurrentPricing(order: Order, terms: OrderPricingTerms): boolean {
  const items = order.items.getItems();
  const priced = storedPricing(
    {
      lines: items.map((item) => ({ unitPrice: item.product.price, quantity: item.quantity })),
      discountKind: order.discountKind,
      discountValue: order.discountValue,
    },
    terms,
  );
  let changed = false;
  items.forEach((item, index) => {
    const unitPrice = priced.unitPrices[index] as string;
    const lineTotal = priced.lineTotals[index] as string;
    if (item.unitPrice !== unitPrice || item.lineTotal !== lineTotal) changed = true;
    item.unitPrice = unitPrice;
    item.lineTotal = lineTotal;
  });
  const fields = [
    'taxRatePercent',
    'surchargePercent',
    'currency',
    'subtotal',
    'discountTotal',
    'surcharge',
    'tax',
    'total',
  ] as const;
  for (const field of fields) {
    if (order[field] !== priced[field]) changed = true;
    order[field] = priced[field];
  }
  order.pricingVersion = terms.pricingVersion;
  if (changed) order.updatedAt = new Date();
  return changed;
}
