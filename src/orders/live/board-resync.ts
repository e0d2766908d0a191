import type { KnownKey } from '../../realtime/live-events.ts';
import type { OrderEvent } from '../domain/order-event.ts';
import type { OrderStatus } from '../domain/order-status.ts';
import type { OrderReads } from '../persistence/order-reads.ts';

/** Bounds of one resync read: the orders a board saw most recently, and the newest ones it may not know. */
const KNOWN_LIMIT = 500;
const RECENT_LIMIT = 200;

/**
 * After a Redis gap a board may have missed committed changes. Re-read the orders it saw most recently and the
 * most recently updated orders in its filter, and describe each as the change from what the board last saw:
 * a status it no longer has is a STATUS_CHANGED naming the old one, so the board can move or drop the card.
 */
export async function boardResync(
  orders: OrderReads,
  statuses: readonly OrderStatus[] | null,
  known: ReadonlyMap<string, KnownKey>,
): Promise<OrderEvent[]> {
  const knownIds = [...known.keys()].slice(-KNOWN_LIMIT);
  const [seen, recent] = await Promise.all([
    orders.byIds(knownIds),
    orders.recentlyUpdated(statuses, RECENT_LIMIT),
  ]);
  const current = new Map([...recent, ...seen].map((order) => [order.id, order]));
  return [...current.values()].map((order) => {
    const previousStatus = known.get(order.id)?.note as OrderStatus | undefined;
    return previousStatus && previousStatus !== order.status
      ? { type: 'STATUS_CHANGED', order, previousStatus }
      : { type: 'UPDATED', order, previousStatus: null };
  });
}
