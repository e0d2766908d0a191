/** Channel names, all under the deployment's prefix so deployments (and test runs) can share one Redis. */
export interface Channels {
  order(orderId: string): string;
  settings(): string;
}

export function channelsFor(prefix: string): Channels {
  return {
    order: (orderId) => `${prefix}order:${orderId}`,
    settings: () => `${prefix}settings`,
  };
}
