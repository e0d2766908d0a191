import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { MAX_ACTOR_LENGTH } from '../../auth/viewer.ts';
import { Order } from './order.entity.ts';

export const PAYMENT_METHODS = ['CASH', 'CARD'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_KINDS = ['PAYMENT', 'REFUND'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

const money = () => p.decimal().precision(14).scale(3);

/**
 * Idempotency keys are unique per kind. PAYMENT keys are chosen by clients (`recordPayment`); REFUND keys are
 * derived by the server (one per order and method, see `lifecycle-effects.ts`). Scoping the uniqueness by kind
 * keeps the two apart by construction: no key a client picks can occupy one the server will need.
 */
const PAYMENT_KEY_INDEX = 'payment_kind_idempotency_key_unique';

/**
 * An immutable audit record of money taken or given back. A refund is its own record, never an edit.
 * `idempotencyKey` is unique within its kind: a retried request finds the record it already made instead of
 * charging again, and a cancelled order is refunded once per method.
 */
export const PaymentSchema = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  uniques: [{ name: PAYMENT_KEY_INDEX, properties: ['kind', 'idempotencyKey'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    order: () => p.manyToOne(Order).index(),
    kind: p.enum(PAYMENT_KINDS),
    method: p.enum(PAYMENT_METHODS),
    /** Tendered (payment) or returned (refund); never negative, 0 only when it settled a zero balance. */
    amount: money(),
    /** Cash handed back when the tender exceeded the balance due. */
    changeDue: money().default('0.000'),
    terminalProvider: p.string().length(32),
    actor: p.string().length(MAX_ACTOR_LENGTH),
    idempotencyKey: p.string().length(200),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class Payment extends PaymentSchema.class {}
PaymentSchema.setClass(Payment);
