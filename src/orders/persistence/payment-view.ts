import { toMoneyString } from '../../money/decimal.ts';
import type { PaymentView } from '../domain/order-view.ts';
import type { Payment } from './payment.entity.ts';

/** A payment's stored values: a `Payment` entity or a row read without the ORM. */
export type StoredPayment = Pick<
  Payment,
  | 'id'
  | 'kind'
  | 'method'
  | 'amount'
  | 'changeDue'
  | 'terminalProvider'
  | 'actor'
  | 'idempotencyKey'
  | 'createdAt'
>;

export function toPaymentView(payment: StoredPayment, minorUnits: number): PaymentView {
  return {
    id: payment.id,
    kind: payment.kind,
    method: payment.method,
    amount: toMoneyString(payment.amount, minorUnits),
    changeDue: toMoneyString(payment.changeDue, minorUnits),
    terminalProvider: payment.terminalProvider,
    actor: payment.actor,
    idempotencyKey: payment.idempotencyKey,
    createdAt: payment.createdAt.toISOString(),
  };
}

/** Oldest first, the order they were taken in. */
export function toPaymentViews(payments: readonly StoredPayment[], minorUnits: number): PaymentView[] {
  return [...payments]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    .map((payment) => toPaymentView(payment, minorUnits));
}
