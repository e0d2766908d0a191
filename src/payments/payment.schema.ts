import { STAFF_ONLY } from '../auth/scopes.ts';
import { actorOf } from '../auth/viewer.ts';
import { InputError, NotFoundError, OrderStateError, OutOfStockError } from '../errors.ts';
import { builder } from '../graphql/builder.ts';
import { minorUnitsOf } from '../money/currency.ts';
import type { OrderView } from '../orders/index.ts';
import {
  OrderRef,
  PAYMENT_KINDS,
  PAYMENT_METHODS,
  type PaymentView,
  toPaymentView,
} from '../orders/index.ts';

const PaymentMethodEnum = builder.enumType('PaymentMethod', { values: PAYMENT_METHODS });
const PaymentKindEnum = builder.enumType('PaymentKind', { values: PAYMENT_KINDS });

export const PaymentRef = builder.objectRef<PaymentView>('Payment').implement({
  description: 'An immutable record of money taken (PAYMENT) or given back (REFUND).',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: PaymentKindEnum, resolve: (payment) => payment.kind }),
    method: t.field({ type: PaymentMethodEnum, resolve: (payment) => payment.method }),
    amount: t.expose('amount', { type: 'Decimal', description: 'Tendered (payment) or returned (refund).' }),
    changeDue: t.expose('changeDue', { type: 'Decimal', description: 'Cash handed back to the customer.' }),
    terminalProvider: t.exposeString('terminalProvider', STAFF_ONLY),
    actor: t.exposeString('actor', STAFF_ONLY),
    idempotencyKey: t.exposeString('idempotencyKey', STAFF_ONLY),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const RecordPaymentPayload = builder
  .objectRef<{ payment: PaymentView; order: OrderView; replayed: boolean }>('RecordPaymentPayload')
  .implement({
    fields: (t) => ({
      payment: t.field({ type: PaymentRef, resolve: (payload) => payload.payment }),
      order: t.field({ type: OrderRef, resolve: (payload) => payload.order }),
      replayed: t.exposeBoolean('replayed', {
        description: 'True when this idempotencyKey had already been recorded: nothing new was charged.',
      }),
    }),
  });

const RecordPaymentInput = builder.inputType('RecordPaymentInput', {
  fields: (t) => ({
    orderId: t.id({ required: true }),
    amount: t.field({ type: 'Decimal', required: true }),
    method: t.field({ type: PaymentMethodEnum, required: true }),
    idempotencyKey: t.string({
      required: true,
      description: 'Chosen by the client per payment attempt (8-200 characters); a retry sends the same key.',
    }),
  }),
});

builder.mutationFields((t) => ({
  recordPayment: t.field({
    type: RecordPaymentPayload,
    description:
      'Staff: takes a payment on a VALIDATED order; it becomes PAID (and its stock is taken) once payments cover the total. Cash may exceed the balance (change is recorded), card may not; an amount of 0 is accepted exactly when the balance due is 0 and settles it.',
    ...STAFF_ONLY,
    errors: { types: [InputError, NotFoundError, OrderStateError, OutOfStockError] },
    args: { input: t.arg({ type: RecordPaymentInput, required: true }) },
    resolve: async (_root, { input }, { viewer, services }) => {
      const result = await services.payments.record(input, actorOf(viewer));
      const order = result.order;
      return {
        payment: toPaymentView(result.payment, minorUnitsOf(order.currency)),
        order,
        replayed: result.replayed,
      };
    },
  }),
}));
