import type { Channels } from '../../realtime/channels.ts';

/** One order's committed state, for `cartUpdated`. */
export function orderChannel(channels: Channels, orderId: string): string {
  return channels.named(`order:${orderId}`);
}

/** Every order's events, for the live-orders board and the kitchen display (filtered per subscriber). */
export function orderBoardChannel(channels: Channels): string {
  return channels.named('orders');
}
