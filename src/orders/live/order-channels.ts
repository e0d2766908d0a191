/** The orders' channel names, under the deployment's prefix (so deployments and test runs share one Redis). */
export interface OrderChannels {
  /** One order's committed states (cartUpdated). */
  order(orderId: string): string;
  /** Every order's events, for the live-orders board and the kitchen display (filtered per subscriber). */
  board(): string;
}

export function orderChannels(prefix: string): OrderChannels {
  return {
    order: (orderId) => `${prefix}order:${orderId}`,
    board: () => `${prefix}orders`,
  };
}
