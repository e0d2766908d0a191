import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Database } from '../db/database.ts';
import { InputError } from '../errors.ts';
import { minorUnitsOf } from '../money/currency.ts';
import { Decimal, isDecimalString, scaleOf, toMoneyString, toStored } from '../money/decimal.ts';
import { applyTransition } from '../orders/lifecycle.service.ts';
import type { Order } from '../orders/order.entity.ts';
import { transitionFor } from '../orders/order-lifecycle.ts';
import { lockOrderForLifecycle } from '../orders/order-locks.ts';
import { applyCurrentPricing } from '../orders/order-pricing.ts';
import { readSettingsForPricing } from '../settings/settings.service.ts';
import { Payment, type PaymentMethod } from './payment.entity.ts';

export interface RecordPaymentInput {
  orderId: string;
  amount: string;
  method: PaymentMethod;
  idempotencyKey: string;
}

export interface RecordedPayment {
  order: Order;
  payment: Payment;
  /** True when the key had already been used: nothing new was recorded. */
  replayed: boolean;
}

const KEY = /^[\w:.-]{8,200}$/;

function validInput(input: RecordPaymentInput): void {
  if (!KEY.test(input.idempotencyKey)) {
    throw new InputError(
      'idempotencyKey',
      'idempotencyKey must be 8-200 characters of letters, digits, _ : . -',
    );
  }
  if (!isDecimalString(input.amount) || new Decimal(input.amount).lte(0)) {
    throw new InputError('amount', 'amount must be a positive decimal');
  }
}

function sameRequest(payment: Payment, orderId: string, input: RecordPaymentInput): boolean {
  return (
    payment.order.id === orderId &&
    payment.method === input.method &&
    new Decimal(payment.amount).eq(input.amount)
  );
}

/**
 * Payments in VALIDATED. Concurrent requests for one order queue on its row lock, so a replayed key is
 * always seen by the second request; the unique key is the backstop across orders (a violation re-runs the
 * unit of work, which then finds the committed record).
 */
export class PaymentService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async record(input: RecordPaymentInput, actor: string): Promise<RecordedPayment> {
    validInput(input);
    try {
      return await this.#record(input, actor);
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return this.#record(input, actor);
    }
  }

  #record(input: RecordPaymentInput, actor: string): Promise<RecordedPayment> {
    return this.#db.transaction(async (em) => {
      const settings = await readSettingsForPricing(em);
      const order = await lockOrderForLifecycle(em, input.orderId, { products: true, discount: false });
      const previous = await em.findOne(Payment, { idempotencyKey: input.idempotencyKey });
      if (previous) {
        if (!sameRequest(previous, order.id, input)) {
          throw new InputError('idempotencyKey', 'this idempotencyKey was used for a different payment');
        }
        return { order, payment: previous, replayed: true };
      }
      transitionFor(order.status, 'pay');
      applyCurrentPricing(order, settings);
      const units = minorUnitsOf(order.currency);
      if (scaleOf(input.amount) > units) {
        throw new InputError('amount', `amount has at most ${units} decimals in ${order.currency}`);
      }
      const amount = new Decimal(input.amount);
      const balance = new Decimal(order.total).minus(order.amountPaid);
      if (input.method === 'CARD' && amount.gt(balance)) {
        throw new InputError(
          'amount',
          `a card payment may not exceed the balance due ${toMoneyString(balance, units)}`,
        );
      }
      const changeDue = Decimal.max(amount.minus(balance), 0);
      const payment = em.create(Payment, {
        order,
        kind: 'PAYMENT',
        method: input.method,
        amount: toStored(amount),
        changeDue: toStored(changeDue),
        terminalProvider: settings.terminalProvider,
        actor,
        idempotencyKey: input.idempotencyKey,
      });
      order.payments.add(payment);
      order.amountPaid = toStored(new Decimal(order.amountPaid).plus(amount).minus(changeDue));
      order.updatedAt = new Date();
      if (new Decimal(order.amountPaid).gte(order.total)) {
        await applyTransition(em, order, 'pay', { actor, settings });
      }
      await em.flush();
      return { order, payment, replayed: false };
    });
  }
}
