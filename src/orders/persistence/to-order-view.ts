import { wrap } from '@mikro-orm/core';
import { shownDiscountValue } from '../../discounts/discount-rules.ts';
import { minorUnitsOf } from '../../money/currency.ts';
import { Decimal, toMoneyString } from '../../money/decimal.ts';
import { type RecordedTransition, toStatusHistory, toTimings } from '../domain/order-timeline.ts';
import type { OrderView } from '../domain/order-view.ts';
import type { Order } from './order.entity.ts';
import { type StoredPayment, toPaymentViews } from './payment-view.ts';

function rateString(value: string): string {
  return new Decimal(value).toString();
}

/** The order's own stored values: an `Order` entity or a row read without the ORM. */
export type StoredOrder = Pick<
  Order,
  | 'id'
  | 'number'
  | 'pickupCode'
  | 'status'
  | 'version'
  | 'currency'
  | 'subtotal'
  | 'discountTotal'
  | 'surcharge'
  | 'tax'
  | 'total'
  | 'taxRatePercent'
  | 'surchargePercent'
  | 'discountCode'
  | 'discountKind'
  | 'discountValue'
  | 'amountPaid'
  | 'invoiceNumber'
  | 'createdAt'
  | 'updatedAt'
>;

/** One stored line with its product's id and (when known) current name. */
export interface StoredOrderItem {
  id: string;
  product: { id: string; name?: string | null };
  name: string;
  unitPrice: string;
  quantity: number;
  lineTotal: string;
  notes?: string | null;
  createdAt: Date;
}

/** Nothing is owed on a cancelled order (its payments were refunded); otherwise total − amountPaid. */
function balanceDueOf(order: StoredOrder, units: number): string {
  if (order.status === 'CANCELLED') return toMoneyString('0', units);
  return toMoneyString(Decimal.max(new Decimal(order.total).minus(order.amountPaid), 0), units);
}

/**
 * The one builder of an order's view, from its stored values and all its lines, payments and recorded
 * transitions (in any order: each list is sorted here).
 */
export function orderViewOf(
  order: StoredOrder,
  storedItems: readonly StoredOrderItem[],
  payments: readonly StoredPayment[],
  transitions: readonly RecordedTransition[],
): OrderView {
  const units = minorUnitsOf(order.currency);
  const items = storedItems
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
  const statusHistory = toStatusHistory(transitions);
  return {
    id: order.id,
    number: order.number,
    pickupCode: order.pickupCode,
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
        ? {
            code: order.discountCode,
            kind: order.discountKind,
            value: shownDiscountValue(order.discountKind, order.discountValue, units),
          }
        : null,
    amountPaid: toMoneyString(order.amountPaid, units),
    balanceDue: balanceDueOf(order, units),
    payments: toPaymentViews(payments, units),
    statusHistory,
    timings: toTimings(createdAt, statusHistory),
    invoiceNumber: order.invoiceNumber ?? null,
    createdAt,
    updatedAt: order.updatedAt.toISOString(),
  };
}

/** The order must have its items (and their products), payments and status history loaded. */
export function toOrderView(order: Order): OrderView {
  return orderViewOf(
    order,
    order.items.getItems(),
    order.payments.getItems(),
    order.statusHistory.getItems(),
  );
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
