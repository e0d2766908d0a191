import { type EntityManager, LockMode } from '@mikro-orm/core';
import { Decimal, toStored } from '../../money/decimal.ts';
import { STOCK_TAKEN_STATUSES, type TransitionEffect } from '../domain/order-lifecycle.ts';
import type { OrderStatus } from '../domain/order-status.ts';
import { InvoiceCounter } from './invoice-counter.entity.ts';
import type { Order } from './order.entity.ts';
import { Payment, type PaymentMethod } from './payment.entity.ts';

export interface EffectContext {
  from: OrderStatus;
  actor: string;
  terminalProvider: string;
}

type Effect = (em: EntityManager, order: Order, context: EffectContext) => Promise<void> | void;

/** Moves stock of tracked products by `sign` × quantity (products are locked by lockOrderForLifecycle). */
function moveStock(order: Order, sign: 1 | -1): void {
  for (const item of order.items.getItems()) {
    const product = item.product;
    if (product.trackStock) product.stock = (product.stock ?? 0) + sign * item.quantity;
  }
}

/** Money applied per method (tendered − change − refunded): what a refund gives back, method by method. */
function appliedByMethod(order: Order): Map<PaymentMethod, Decimal> {
  const applied = new Map<PaymentMethod, Decimal>();
  for (const payment of order.payments.getItems()) {
    const net =
      payment.kind === 'PAYMENT'
        ? new Decimal(payment.amount).minus(payment.changeDue)
        : new Decimal(payment.amount).negated();
    applied.set(payment.method, (applied.get(payment.method) ?? new Decimal(0)).plus(net));
  }
  return applied;
}

const EFFECTS: Record<TransitionEffect, Effect> = {
  decrementStock: (_em, order) => moveStock(order, -1),
  restoreStockIfPaid: (_em, order, { from }) => {
    if (STOCK_TAKEN_STATUSES.includes(from)) moveStock(order, 1);
  },
  refundPayments: (em, order, { actor, terminalProvider }) => {
    for (const [method, amount] of appliedByMethod(order)) {
      if (amount.lte(0)) continue;
      order.payments.add(
        em.create(Payment, {
          order,
          kind: 'REFUND',
          method,
          amount: toStored(amount),
          changeDue: '0.000',
          terminalProvider,
          actor,
          // One refund per order and method ever: the key (unique among refunds, which only the server writes,
          // so no client-chosen payment key can take it) makes a second one impossible.
          idempotencyKey: `refund:${order.id}:${method}`,
        }),
      );
    }
    order.amountPaid = '0.000';
  },
  releaseDiscount: (_em, order) => {
    // The discount row is locked by lockOrderForLifecycle; a cancelled order gives its use back.
    if (order.discount) order.discount.usedCount -= 1;
  },
  assignInvoiceNumber: async (em, order) => {
    // Locked after the order row; only invoicing takes this lock, so it cannot join a cycle.
    const counter = await em.findOneOrFail(InvoiceCounter, 1, {
      lockMode: LockMode.PESSIMISTIC_WRITE,
      refresh: true,
    });
    counter.lastNumber += 1;
    order.invoiceNumber = counter.lastNumber;
  },
};

export async function runEffects(
  em: EntityManager,
  order: Order,
  effects: readonly TransitionEffect[],
  context: EffectContext,
): Promise<void> {
  for (const effect of effects) await EFFECTS[effect](em, order, context);
}
