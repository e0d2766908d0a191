import { wrap } from '@mikro-orm/core';
import type { DiscountKind } from '../discounts/discount.entity.ts';
import { minorUnitsOf } from '../money/currency.ts';
import { Decimal, toMoneyString } from '../money/decimal.ts';
import { type PaymentView, toPaymentViews } from '../payments/payment-view.ts';
import type { Order } from './order.entity.ts';
import { ORDER_STATUSES, type OrderStatus } from './order-status.ts';
import {
  type OrderTimingsView,
  type StatusChangeView,
  toStatusHistory,
  toTimings,
} from './order-timeline.ts';

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
  discount: { code: string; kind: DiscountKind; value: string } | null;
  amountPaid: string;
  balanceDue: string;
  payments: PaymentView[];
  statusHistory: StatusChangeView[];
  timings: OrderTimingsView;
  invoiceNumber: number | null;
  createdAt: string;
  updatedAt: string;
}

function rateString(value: string): string {
  return new Decimal(value).toString();
}

/** Nothing is owed on a cancelled order (its payments were refunded); otherwise total − amountPaid. */
function balanceDueOf(order: Order, units: number): string {
  if (order.status === 'CANCELLED') return toMoneyString('0', units);
  return toMoneyString(Decimal.max(new Decimal(order.total).minus(order.amountPaid), 0), units);
}

/** The order must have its items (and their products), payments and status history loaded. */
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
      unitPrice: toMoneyString(item.unitPrice, units),
      quantity: item.quantity,
      lineTotal: toMoneyString(item.lineTotal, units),
      notes: item.notes ?? null,
    }));
  const createdAt = order.createdAt.toISOString();
  const statusHistory = toStatusHistory(order.statusHistory.getItems());
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    version: order.version,
    currency: order.currency,
    items,
    itemCount: items.reduce((count, item) => count + item.quantity, 0),
    subtotal: toMoneyString(order.subtotal, units),
    discountTotal: toMoneyString(order.discountTotal, units),
    surcharge: toMoneyString(order.surcharge, units),
    tax: toMoneyString(order.tax, units),
    total: toMoneyString(order.total, units),
    taxRatePercent: rateString(order.taxRatePercent),
    surchargePercent: rateString(order.surchargePercent),
    discount:
      order.discountCode && order.discountKind && order.discountValue != null
        ? { code: order.discountCode, kind: order.discountKind, value: rateString(order.discountValue) }
        : null,
    amountPaid: toMoneyString(order.amountPaid, units),
    balanceDue: balanceDueOf(order, units),
    payments: toPaymentViews(order.payments.getItems(), units),
    statusHistory,
    timings: toTimings(createdAt, statusHistory),
    invoiceNumber: order.invoiceNumber ?? null,
    createdAt,
    updatedAt: order.updatedAt.toISOString(),
  };
}

/**
 * The view of an order whose relations (items and their products, payments, status history) are already in
 * memory, as after a cart edit or a re-pricing flush; undefined when building it would need a database read.
 */
export function loadedOrderView(order: Order): OrderView | undefined {
  if (!wrap(order).isInitialized()) return undefined;
  if (
    !order.items.isInitialized() ||
    !order.payments.isInitialized() ||
    !order.statusHistory.isInitialized()
  ) {
    return undefined;
  }
  for (const item of order.items.getItems()) {
    if (!wrap(item.product).isInitialized()) return undefined;
  }
  return toOrderView(order);
}

const STATUSES = new Set<string>(ORDER_STATUSES);

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
    Array.isArray(v.payments) &&
    Array.isArray(v.statusHistory) &&
    typeof v.total === 'string'
  );
}
