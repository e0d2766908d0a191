import { OrderStateError } from '../../errors.ts';
import type { OrderStatus } from './order-status.ts';

/**
 * The order state machine (docs/architecture.md, "Invariants": order lifecycle) as one declarative table: the only place that
 * decides whether a transition may happen. Pure: services look up an action here, run the named guards and
 * effects, and record the transition.
 */
export const ORDER_ACTIONS = [
  'validate',
  'pay',
  'startPreparing',
  'markReady',
  'complete',
  'invoice',
  'cancel',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** Checks that must pass before the transition (implemented by the lifecycle service). */
export type TransitionGuard =
  | 'hasItems'
  | 'productsAvailable'
  | 'stockCovers'
  | 'paymentsCoverTotal'
  /**
   * The order's prices were computed with the settings' current pricing terms. Checked wherever an order
   * leaves the re-priced statuses (validate, pay), so none is validated or paid on superseded settings while
   * a change is still re-pricing other orders; prices freeze at PAID, so an invoice carries the terms that
   * were current when it was paid.
   */
  | 'pricedOnCurrentTerms';
/** Work done in the same transaction as the status change. */
export type TransitionEffect =
  | 'decrementStock'
  | 'restoreStockIfPaid'
  | 'refundPayments'
  | 'releaseDiscount'
  | 'assignInvoiceNumber';

export interface Transition {
  from: readonly OrderStatus[];
  to: OrderStatus;
  guards: readonly TransitionGuard[];
  effects: readonly TransitionEffect[];
}

export const TRANSITIONS: Readonly<Record<OrderAction, Transition>> = {
  validate: {
    from: ['DRAFT'],
    to: 'VALIDATED',
    guards: ['pricedOnCurrentTerms', 'hasItems', 'productsAvailable', 'stockCovers'],
    effects: [],
  },
  // Reached only through recordPayment, once the payments cover the total.
  pay: {
    from: ['VALIDATED'],
    to: 'PAID',
    guards: ['pricedOnCurrentTerms', 'paymentsCoverTotal', 'stockCovers'],
    effects: ['decrementStock'],
  },
  startPreparing: { from: ['PAID'], to: 'PREPARING', guards: [], effects: [] },
  markReady: { from: ['PREPARING'], to: 'READY', guards: [], effects: [] },
  complete: { from: ['READY'], to: 'DONE', guards: [], effects: [] },
  invoice: { from: ['DONE'], to: 'INVOICED', guards: [], effects: ['assignInvoiceNumber'] },
  cancel: {
    from: ['DRAFT', 'VALIDATED', 'PAID', 'PREPARING', 'READY'],
    to: 'CANCELLED',
    guards: [],
    effects: ['restoreStockIfPaid', 'refundPayments', 'releaseDiscount'],
  },
};

/** The statuses reachable from `status` in one step. */
export function allowedNextStatuses(status: OrderStatus): OrderStatus[] {
  return ORDER_ACTIONS.filter((action) => TRANSITIONS[action].from.includes(status)).map(
    (action) => TRANSITIONS[action].to,
  );
}

/** The transition `action` makes from `status`, or an OrderStateError naming the allowed next statuses. */
export function transitionFor(status: OrderStatus, action: OrderAction): Transition {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(status)) {
    throw new OrderStateError(status, describe(action), allowedNextStatuses(status));
  }
  return transition;
}

/** Statuses in which the stock of the order's items has been taken (restored on cancel). */
export const STOCK_TAKEN_STATUSES: readonly OrderStatus[] = [
  'PAID',
  'PREPARING',
  'READY',
  'DONE',
  'INVOICED',
];

function describe(action: OrderAction): string {
  const phrases: Record<OrderAction, string> = {
    validate: 'validate',
    pay: 'take a payment for',
    startPreparing: 'start preparing',
    markReady: 'mark ready',
    complete: 'complete',
    invoice: 'invoice',
    cancel: 'cancel',
  };
  return phrases[action];
}
