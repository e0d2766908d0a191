import { ORDER_STATUSES, type OrderStatus } from './order-status.ts';
import { isOrderView, type OrderView } from './order-view.ts';

/** How one transaction changed one order: what the live-orders board needs to name the event. */
export interface OrderChange {
  created: boolean;
  /** The order's status before the transaction, when the transaction wrote the order row (else null). */
  previousStatus: OrderStatus | null;
}

export const ORDER_EVENT_TYPES = ['CREATED', 'UPDATED', 'STATUS_CHANGED'] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/** One committed change of one order, as the live-orders board receives it. */
export interface OrderEvent {
  type: OrderEventType;
  order: OrderView;
  /** The status before this change, when the change moved it (so a board can drop the order). */
  previousStatus: OrderStatus | null;
}

/** Names the committed change: creation first, then a status move, otherwise an update. */
export function toOrderEvent(order: OrderView, change: OrderChange | undefined): OrderEvent {
  if (change?.created) return { type: 'CREATED', order, previousStatus: null };
  const previous = change?.previousStatus ?? null;
  if (previous !== null && previous !== order.status) {
    return { type: 'STATUS_CHANGED', order, previousStatus: previous };
  }
  return { type: 'UPDATED', order, previousStatus: null };
}

/**
 * Whether a board showing `statuses` (all when null) wants the event: the order is in the filter now, or was
 * before this change — the event that moves an order out of the filter is how the board learns to remove it.
 */
export function boardWants(event: OrderEvent, statuses: readonly OrderStatus[] | null): boolean {
  if (!statuses) return true;
  return (
    statuses.includes(event.order.status) ||
    (event.previousStatus !== null && statuses.includes(event.previousStatus))
  );
}

const TYPES = new Set<string>(ORDER_EVENT_TYPES);
const STATUSES = new Set<string>(ORDER_STATUSES);

/** Channel payloads are untrusted bytes: accept only a well-formed OrderEvent. */
export function isOrderEvent(value: unknown): value is OrderEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.type === 'string' &&
    TYPES.has(v.type) &&
    (v.previousStatus === null || (typeof v.previousStatus === 'string' && STATUSES.has(v.previousStatus))) &&
    isOrderView(v.order)
  );
}
