import type { EntityManager } from '@mikro-orm/core';
import type { Limits } from '../config.ts';
import type { Database } from '../db/database.ts';
import { InputError } from '../errors.ts';
import type { Settings } from '../settings/settings.entity.ts';
import { readSettingsForPricing } from '../settings/settings.service.ts';
import { runEffects } from './lifecycle-effects.ts';
import { checkGuards, type GuardFacts } from './lifecycle-guards.ts';
import { type Order, OrderStatusChange } from './order.entity.ts';
import { type OrderAction, transitionFor } from './order-lifecycle.ts';
import { type LockPlan, lockOrderForLifecycle } from './order-locks.ts';
import { applyCurrentPricing } from './order-pricing.ts';
import { IN_PROGRESS_STATUSES } from './order-status.ts';

export interface TransitionContext {
  actor: string;
  reason?: string | null;
  settings: Settings;
}

function factsOf(order: Order, settings: Settings): GuardFacts {
  return {
    lines: order.items.getItems().map((item) => ({
      productId: item.product.id,
      name: item.name,
      quantity: item.quantity,
      available: item.product.available,
      trackStock: item.product.trackStock,
      stock: item.product.stock ?? null,
    })),
    amountPaid: order.amountPaid,
    total: order.total,
    pricingVersion: order.pricingVersion,
    currentPricingVersion: settings.pricingVersion,
  };
}

/**
 * Performs `action` on a locked order inside the caller's transaction: looks the transition up in the one
 * table, re-prices an in-progress order first (prices freeze only once it leaves DRAFT/VALIDATED), checks
 * the guards, runs the effects, and appends the status-history record.
 */
export async function applyTransition(
  em: EntityManager,
  order: Order,
  action: OrderAction,
  context: TransitionContext,
): Promise<void> {
  const from = order.status;
  const transition = transitionFor(from, action);
  if (IN_PROGRESS_STATUSES.includes(from)) applyCurrentPricing(order, context.settings);
  checkGuards(factsOf(order, context.settings), transition.guards);
  await runEffects(em, order, transition.effects, {
    from,
    actor: context.actor,
    terminalProvider: context.settings.terminalProvider,
  });
  order.status = transition.to;
  order.updatedAt = new Date();
  order.statusHistory.add(
    em.create(OrderStatusChange, {
      order,
      fromStatus: from,
      toStatus: transition.to,
      actor: context.actor,
      reason: context.reason ?? null,
    }),
  );
}

const LOCKS: Record<Exclude<OrderAction, 'pay'>, LockPlan> = {
  validate: { products: true, discount: false },
  startPreparing: { products: false, discount: false },
  markReady: { products: false, discount: false },
  complete: { products: false, discount: false },
  invoice: { products: false, discount: false },
  cancel: { products: true, discount: true },
};

/** The lifecycle mutations other than payment (which goes through PaymentService). */
export class LifecycleService {
  readonly #db: Database;
  readonly #limits: Limits;

  constructor(db: Database, limits: Limits) {
    this.#db = db;
    this.#limits = limits;
  }

  perform(orderId: string, action: Exclude<OrderAction, 'pay' | 'cancel'>, actor: string): Promise<Order> {
    return this.#run(orderId, action, actor, null);
  }

  cancel(orderId: string, actor: string, reason: string): Promise<Order> {
    const trimmed = reason.trim();
    const max = Math.min(500, this.#limits.maxStringLength);
    if (trimmed.length === 0 || trimmed.length > max) {
      throw new InputError('reason', `reason must be between 1 and ${max} characters`);
    }
    return this.#run(orderId, 'cancel', actor, trimmed);
  }

  #run(
    orderId: string,
    action: Exclude<OrderAction, 'pay'>,
    actor: string,
    reason: string | null,
  ): Promise<Order> {
    return this.#db.transaction(async (em) => {
      const settings = await readSettingsForPricing(em);
      const order = await lockOrderForLifecycle(em, orderId, LOCKS[action]);
      await applyTransition(em, order, action, { actor, reason, settings });
      await em.flush();
      return order;
    });
  }
}
