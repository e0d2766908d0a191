import type { Limits } from '../config.ts';
import { InputError } from '../errors.ts';
import { checkGuards, type GuardFacts } from './domain/lifecycle-guards.ts';
import { type OrderAction, transitionFor } from './domain/order-lifecycle.ts';
import type { OrderView } from './domain/order-view.ts';
import { runEffects } from './persistence/lifecycle-effects.ts';
import { type Order, OrderStatusChange } from './persistence/order.entity.ts';
import type { OrderUnitOfWork, OrderWrite, OrderWriteSpec } from './persistence/order-unit-of-work.ts';

function factsOf(order: Order, currentPricingVersion: number): GuardFacts {
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
    currentPricingVersion,
  };
}

/**
 * Performs `action` on the order of an open write: looks the transition up in the one table, checks the
 * guards, runs the effects, and appends the status-history record. The unit of work has already priced an
 * in-progress order with the current terms, so guards see current prices.
 */
export async function applyTransition(
  write: OrderWrite,
  action: OrderAction,
  context: { actor: string; reason?: string | null },
): Promise<void> {
  const { em, order } = write;
  const from = order.status;
  const transition = transitionFor(from, action);
  checkGuards(factsOf(order, write.terms.pricingVersion), transition.guards);
  await runEffects(em, order, transition.effects, {
    from,
    actor: context.actor,
    terminalProvider: write.terms.terminalProvider,
  });
  order.status = transition.to;
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

/** What each lifecycle step locks before the order row: products whose stock it checks or moves, the discount it releases. */
const LOCKS: Record<Exclude<OrderAction, 'pay'>, Pick<OrderWriteSpec, 'lockProducts' | 'lockDiscount'>> = {
  validate: { lockProducts: true },
  startPreparing: {},
  markReady: {},
  complete: {},
  invoice: {},
  cancel: { lockProducts: true, lockDiscount: 'current' },
};

/** The lifecycle mutations other than payment (which goes through PaymentService). */
export class LifecycleService {
  readonly #orders: OrderUnitOfWork;
  readonly #limits: Limits;

  constructor(orders: OrderUnitOfWork, limits: Limits) {
    this.#orders = orders;
    this.#limits = limits;
  }

  perform(
    orderId: string,
    action: Exclude<OrderAction, 'pay' | 'cancel'>,
    actor: string,
  ): Promise<OrderView> {
    return this.#run(orderId, action, actor, null);
  }

  cancel(orderId: string, actor: string, reason: string): Promise<OrderView> {
    const trimmed = reason.trim();
    const max = Math.min(500, this.#limits.maxStringLength);
    if (trimmed.length === 0 || trimmed.length > max) {
      throw new InputError('reason', `reason must be between 1 and ${max} characters`);
    }
    return this.#run(orderId, 'cancel', actor, trimmed);
  }

  async #run(
    orderId: string,
    action: Exclude<OrderAction, 'pay'>,
    actor: string,
    reason: string | null,
  ): Promise<OrderView> {
    const spec: OrderWriteSpec = { orderId, from: null, action, ...LOCKS[action] };
    const { view } = await this.#orders.write(spec, (write) =>
      applyTransition(write, action, { actor, reason }),
    );
    return view;
  }
}
