import { wrap } from '@mikro-orm/core';
import { minorUnitsOf } from '../money/currency.ts';
import { Decimal } from '../money/decimal.ts';
import type { Order } from './order.entity.ts';
import type { OrderStatus } from './order-status.ts';

/**
 * An order's complete client-visible state as plain JSON: what queries return and what the after-commit
 * publisher serialises once per commit for every subscriber. Money is a string at the currency's minor unit;
 * timestamps are ISO strings, so the value survives a trip through Redis unchanged.
 */
export interface OrderItemView {
  id: string;
  product: { id: string; name: string };
  name: string;
  unitPrice: string;
  quantity: number;
  lineTotal: string;
  notes: string | null;
}

export interface OrderView {
  id: string;
  number: number;
  status: OrderStatus;
  version: number;
  currency: string;
  items: OrderItemView[];
  itemCount: number;
  subtotal: string;
  discountTotal: string;
  surcharge: string;
  tax: string;
  total: string;
  taxRatePercent: string;
  surchargePercent: string;
  createdAt: string;
  updatedAt: string;
}

function moneyString(value: string, minorUnits: number): string {
  return new Decimal(value).toFixed(minorUnits);
}

function rateString(value: string): string {
  return new Decimal(value).toString();
}

/** The order must have its items (and their products) loaded. */
export function toOrderView(order: Order): OrderView {
  const units = minorUnitsOf(order.currency);
  const items = order.items
    .getItems()
    .slice()
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    .map((item) => ({
      id: item.id,
      product: { id: item.product.id, name: item.product.name ?? item.name },
      name: item.name,
      unitPrice: moneyString(item.unitPrice, units),
      quantity: item.quantity,
      lineTotal: moneyString(item.lineTotal, units),
      notes: item.notes ?? null,
    }));
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    version: order.version,
    currency: order.currency,
    items,
    itemCount: items.reduce((count, item) => count + item.quantity, 0),
    subtotal: moneyString(order.subtotal, units),
    discountTotal: moneyString(order.discountTotal, units),
    surcharge: moneyString(order.surcharge, units),
    tax: moneyString(order.tax, units),
    total: moneyString(order.total, units),
    taxRatePercent: rateString(order.taxRatePercent),
    surchargePercent: rateString(order.surchargePercent),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

/**
 * The view of an order whose items and their products are already in memory (as after a cart edit or a
 * re-pricing flush), or undefined when building it would need a database read.
 */
export function loadedOrderView(order: Order): OrderView | undefined {
  if (!wrap(order).isInitialized() || !order.items.isInitialized()) return undefined;
  for (const item of order.items.getItems()) {
    if (!wrap(item.product).isInitialized()) return undefined;
  }
  return toOrderView(order);
}

const STATUSES = new Set<string>([
  'DRAFT',
  'VALIDATED',
  'PAID',
  'PREPARING',
  'READY',
  'DONE',
  'INVOICED',
  'CANCELLED',
]);

/** Values arriving from a channel are untrusted bytes: accept only a well-formed OrderView. */
export function isOrderView(value: unknown): value is OrderView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.version === 'number' &&
    typeof v.number === 'number' &&
    typeof v.status === 'string' &&
    STATUSES.has(v.status) &&
    Array.isArray(v.items) &&
    typeof v.total === 'string'
  );
}
