/** Channel names, all under the deployment's prefix so deployments (and test runs) can share one Redis. */
export interface Channels {
  order(orderId: string): string;
  /** Every order's events, for the live-orders board and the kitchen display (filtered per subscriber). */
  orderBoard(): string;
  settings(): string;
}

export function channelsFor(prefix: string): Channels {
  return {
    order: (orderId) => `${prefix}order:${orderId}`,
    orderBoard: () => `${prefix}orders`,
    settings: () => `${prefix}settings`,
  };
}
