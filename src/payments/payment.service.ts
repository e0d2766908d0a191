import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { InputError } from '../errors.ts';
import { validAmount } from '../money/amount-rules.ts';
import { MAX_PAYMENT } from '../money/bounds.ts';
import { minorUnitsOf } from '../money/currency.ts';
import { Decimal, isDecimalString, toMoneyString, toStored } from '../money/decimal.ts';
import type { OrderUnitOfWork, OrderView } from '../orders/index.ts';
import { applyTransition, Payment, type PaymentMethod, transitionFor } from '../orders/index.ts';

export interface RecordPaymentInput {
  orderId: string;
  amount: string;
  method: PaymentMethod;
  idempotencyKey: string;
}

export interface RecordedPayment {
  /** The order as committed (or as it is, for a replay). */
  order: OrderView;
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
  // Only the syntax before any database work: every numeric bound is stated in the order's currency (its
  // minor unit), known once the order is read.
  if (!isDecimalString(input.amount)) {
    throw new InputError('amount', 'amount must be a decimal string such as "12.50"');
  }
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
 * Payments in VALIDATED, each an order write through the unit of work. Concurrent requests for one order queue
 * on its row lock, so a replayed key is always seen by the second request; the unique key is the backstop
 * across orders (a violation re-runs the write, which then finds the committed record).
 */
export class PaymentService {
  readonly #orders: OrderUnitOfWork;

  constructor(orders: OrderUnitOfWork) {
    this.#orders = orders;
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

  async #record(input: RecordPaymentInput, actor: string): Promise<RecordedPayment> {
    const spec = { orderId: input.orderId, from: null, action: 'take a payment for', lockProducts: true };
    const { view, result } = await this.#orders.write(spec, async (write) => {
      const { em, order, terms } = write;
      // Client keys live among payments only: refunds carry keys the server derives (payment.entity.ts).
      const previous = await em.findOne(Payment, { kind: 'PAYMENT', idempotencyKey: input.idempotencyKey });
      if (previous) {
        if (!sameRequest(previous, order.id, input)) {
          throw new InputError('idempotencyKey', 'this idempotencyKey was used for a different payment');
        }
        write.leaveUnchanged();
        return { payment: previous, replayed: true };
      }
      transitionFor(order.status, 'pay');
      const balance = new Decimal(order.total).minus(order.amountPaid);
      const amount = payableAmount(input, order.currency, balance);
      const changeDue = Decimal.max(amount.minus(balance), 0);
      const payment = em.create(Payment, {
        order,
        kind: 'PAYMENT',
        method: input.method,
        amount: toStored(amount),
        changeDue: toStored(changeDue),
        terminalProvider: terms.terminalProvider,
        actor,
        idempotencyKey: input.idempotencyKey,
      });
      order.payments.add(payment);
      order.amountPaid = toStored(new Decimal(order.amountPaid).plus(amount).minus(changeDue));
      if (new Decimal(order.amountPaid).gte(order.total)) {
        await applyTransition(write, 'pay', { actor });
      }
      return { payment, replayed: false };
    });
    return { order: view, ...result };
  }
}
