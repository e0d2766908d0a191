/**
 * Channel names, all under the deployment's prefix so deployments (and test runs) can share one Redis. The
 * features name their own channels (`orders/live/order-channels.ts`, `settings/settings-publication.ts`).
 */
export interface Channels {
  /** The channel `name` (e.g. `order:<id>`) under this deployment's prefix. */
  named(name: string): string;
}

export function channelsFor(prefix: string): Channels {
  return { named: (name) => `${prefix}${name}` };
}
