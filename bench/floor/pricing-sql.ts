import { minorUnitsOf } from '../../src/money/currency.ts';
import { Decimal } from '../../src/money/decimal.ts';
import { priceOrder } from '../../src/orders/domain/pricing.ts';

/** Rows as node-postgres returns them (numeric as string, timestamptz as Date). */
export interface OrderRow {
  id: string;
  number: number;
  status: string;
  version: number;
  currency: string;
  tax_rate_percent: string;
  surcharge_percent: string;
  subtotal: string;
  discount_total: string;
  surcharge: string;
  tax: string;
  total: string;
  created_at: Date;
  updated_at: Date;
}

export interface ItemRow {
  id: string;
  order_id: string;
  product_id: string;
  product_name: string;
  name: string;
  unit_price: string;
  quantity: number;
  line_total: string;
  notes: string | null;
  created_at: Date;
}

export interface Terms {
  taxRatePercent: string;
  surchargePercent: string;
  currency: string;
}

export interface Repriced {
  subtotal: string;
  discountTotal: string;
  surcharge: string;
  tax: string;
  total: string;
  lineTotals: string[];
}

/** The floor prices with the same pure function as the API, so the comparison is about the pipeline only. */
export function reprice(items: readonly { unit_price: string; quantity: number }[], terms: Terms): Repriced {
  const totals = priceOrder({
    lines: items.map((item) => ({ unitPrice: new Decimal(item.unit_price), quantity: item.quantity })),
    discount: null,
    taxRatePercent: new Decimal(terms.taxRatePercent),
    surchargePercent: new Decimal(terms.surchargePercent),
    minorUnits: minorUnitsOf(terms.currency),
  });
  return {
    subtotal: totals.subtotal.toFixed(3),
    discountTotal: totals.discountTotal.toFixed(3),
    surcharge: totals.surcharge.toFixed(3),
    tax: totals.tax.toFixed(3),
    total: totals.total.toFixed(3),
    lineTotals: totals.lineTotals.map((value) => value.toFixed(3)),
  };
}

/** The same client-visible JSON shape as the API's OrderView, serialised once per commit. */
export function orderViewJson(order: OrderRow, items: readonly ItemRow[]): string {
  const units = minorUnitsOf(order.currency);
  const money = (value: string) => new Decimal(value).toFixed(units);
  const views = items.map((item) => ({
    id: item.id,
    product: { id: item.product_id, name: item.product_name },
    name: item.name,
    unitPrice: money(item.unit_price),
    quantity: item.quantity,
    lineTotal: money(item.line_total),
    notes: item.notes,
  }));
  return JSON.stringify({
    id: order.id,
    number: order.number,
    status: order.status,
    version: order.version,
    currency: order.currency,
    items: views,
    itemCount: views.reduce((count, item) => count + item.quantity, 0),
    subtotal: money(order.subtotal),
    discountTotal: money(order.discount_total),
    surcharge: money(order.surcharge),
    tax: money(order.tax),
    total: money(order.total),
    taxRatePercent: new Decimal(order.tax_rate_percent).toString(),
    surchargePercent: new Decimal(order.surcharge_percent).toString(),
    createdAt: order.created_at.toISOString(),
    updatedAt: order.updated_at.toISOString(),
  });
}
