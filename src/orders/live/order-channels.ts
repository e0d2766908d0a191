import type { Channels } from '../../realtime/channels.ts';
import type { EventBus } from '../../realtime/event-bus.ts';

/** One order's committed state, for `cartUpdated`. */
export function orderChannel(channels: Channels, orderId: string): string {
  return channels.named(`order:${orderId}`);
}

/** Every order's events, for the live-orders board and the kitchen display (filtered per subscriber). */
export function orderBoardChannel(channels: Channels): string {
  return channels.named('orders');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The ids of the orders someone is watching (`cartUpdated`) in any process sharing the bus: those whose
 * channel has a subscriber now. A snapshot; rejects when the bus cannot list its channels (Redis away).
 */
export async function watchedOrderIds(bus: EventBus, channels: Channels): Promise<string[]> {
  const prefix = orderChannel(channels, '');
  const names = await bus.channelsWithSubscribers(prefix);
  // A client may have named its order in capitals; ids are compared as Postgres prints them.
  return names
    .map((name) => name.slice(prefix.length))
    .filter((id) => UUID.test(id))
    .map((id) => id.toLowerCase());
}
