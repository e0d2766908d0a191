import { toMoneyString } from '../../money/decimal.ts';
import type { PaymentView } from '../domain/order-view.ts';
import type { Payment } from './payment.entity.ts';

export function toPaymentView(payment: Payment, minorUnits: number): PaymentView {
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
export function toPaymentViews(payments: readonly Payment[], minorUnits: number): PaymentView[] {
  return [...payments]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    .map((payment) => toPaymentView(payment, minorUnits));
}
