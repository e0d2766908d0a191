import type { DeliveryScenario } from './scenarios.ts';

export interface Plan {
  delivery: DeliveryScenario[];
  connections: number;
  /** Open orders a tax change re-prices in (e); `connections` of them are subscribed. */
  openOrders: number;
}

/** The counts; `quick` shrinks them for development on a busy machine (same shapes, smaller numbers). */
export function benchPlan(quick: boolean): Plan {
  const seconds = quick ? 3_000 : 12_000;
  return {
    delivery: [
      {
        id: 'a',
        title: `(a) fan-out: 10 orders × ${quick ? 20 : 100} subscribers, closed loop ×4 into process 1`,
        orders: 10,
        subscribersPerOrder: quick ? 20 : 100,
        load: { kind: 'closed', concurrency: 4, via: 'first' },
        durationMs: seconds,
      },
      {
        id: 'b',
        title: `(b) many orders: ${quick ? 200 : 1000} orders × 1 subscriber, closed loop ×16`,
        orders: quick ? 200 : 1000,
        subscribersPerOrder: 1,
        load: { kind: 'closed', concurrency: 16, via: 'all' },
        durationMs: seconds,
      },
      ...[200, 500].map(
        (rate): DeliveryScenario => ({
          id: `d${rate}`,
          title: `(d) open loop ${rate}/s: ${quick ? 20 : 100} orders × 10 subscribers`,
          orders: quick ? 20 : 100,
          subscribersPerOrder: 10,
          load: { kind: 'open', ratePerSecond: rate, via: 'all' },
          durationMs: quick ? 3_000 : 10_000,
        }),
      ),
    ],
    connections: quick ? 1_000 : 10_000,
    openOrders: quick ? 10_000 : 100_000,
  };
}
