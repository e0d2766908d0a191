import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Database } from '../db/database.ts';
import { InputError } from '../errors.ts';
import { validAmount } from '../money/amount-rules.ts';
import { MAX_PAYMENT } from '../money/bounds.ts';
import { minorUnitsOf } from '../money/currency.ts';
import { Decimal, STORED_SCALE, toMoneyString, toStored } from '../money/decimal.ts';
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
  // Syntax and the absolute bound before any database work; the currency's minor unit once the order is read.
  validAmount('amount', input.amount, { decimals: STORED_SCALE, max: MAX_PAYMENT, allowZero: true });
}

/**
 * The amount as a whole number of the order's minor units, and what it may be against `balance`: zero
 * exactly when nothing is due (that settles a zero-total order), never more than the balance by card.
 */
function payableAmount(input: RecordPaymentInput, currency: string, balance: Decimal): Decimal {
  const units = minorUnitsOf(currency);
  const amount = validAmount('amount', input.amount, {
    decimals: units,
    max: MAX_PAYMENT,
    allowZero: true,
    unit: `in ${currency}`,
  });
  if (amount.isZero() && !balance.isZero()) {
    throw new InputError(
      'amount',
      `amount must be greater than 0 while ${toMoneyString(balance, units)} is due (0 settles only a zero balance)`,
    );
  }
  if (input.method === 'CARD' && amount.gt(balance)) {
    throw new InputError(
      'amount',
      `a card payment may not exceed the balance due ${toMoneyString(balance, units)}`,
    );
  }
  return amount;
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
      const balance = new Decimal(order.total).minus(order.amountPaid);
      const amount = payableAmount(input, order.currency, balance);
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
