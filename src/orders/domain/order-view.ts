import type { DiscountKind } from '../../discounts/discount.entity.ts';
import { ORDER_STATUSES, type OrderStatus } from './order-status.ts';
import type { OrderTimingsView, StatusChangeView } from './order-timeline.ts';

/** A payment or refund as clients see it (money at the currency's minor unit). */
export interface PaymentView {
  id: string;
  kind: 'PAYMENT' | 'REFUND';
  method: 'CASH' | 'CARD';
  amount: string;
  changeDue: string;
  terminalProvider: string;
  actor: string;
  idempotencyKey: string;
  createdAt: string;
}

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
  /** The shop's sequential number (staff only). */
  number: number;
  /** What the customer shows at the counter. */
  pickupCode: string;
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

const STATUSES = new Set<string>(ORDER_STATUSES);

/** Values arriving from a channel are untrusted bytes: accept only a well-formed OrderView. */
export function isOrderView(value: unknown): value is OrderView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.version === 'number' &&
    typeof v.number === 'number' &&
    typeof v.pickupCode === 'string' &&
    typeof v.status === 'string' &&
    STATUSES.has(v.status) &&
    Array.isArray(v.items) &&
    Array.isArray(v.payments) &&
    Array.isArray(v.statusHistory) &&
    typeof v.total === 'string'
  );
}
