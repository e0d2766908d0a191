import { performance } from 'node:perf_hooks';
import { type BenchDatabase, expectedTotal, resetTerms, seedOrders } from './database.ts';
import { mapLimited } from './pool.ts';
import { cpuSeconds, rssBytes } from './processes.ts';
import { Recorder } from './recorder.ts';
import { cdfPoints, type Percentiles, percentiles } from './stats.ts';
import type { LiveSubscription, Target } from './targets.ts';

export interface Stand {
  target: Target;
  db: BenchDatabase;
  pids: readonly number[];
  /** Full GC in every server process (only stands started with the inspector). */
  collectGarbage(): Promise<void>;
}

export type Load =
  | { kind: 'closed'; concurrency: number; via: 'first' | 'all' }
  | { kind: 'open'; ratePerSecond: number; via: 'first' | 'all' };

export interface DeliveryScenario {
  id: string;
  title: string;
  orders: number;
  subscribersPerOrder: number;
  load: Load;
  durationMs: number;
}

export interface DeliveryResult {
  id: string;
  target: string;
  mutations: number;
  mutationsPerSecond: number;
  deliveries: number;
  deliveriesPerSecond: number;
  lost: number;
  /** Subscribers still without their order's newest version when the drain timeout ended. */
  notConverged: number;
  outOfOrder: number;
  unmatched: number;
  mutationErrors: number;
  firstError: string | undefined;
  skipped: number;
  duplicateVersions: number;
  subscribeFailures: number;
  latency: Percentiles;
  cpuSecondsPerDelivery: number;
  cdf: [number, number][];
}

const SUBSCRIBE_CONCURRENCY = 100;
const DRAIN_TIMEOUT_MS = 15_000;

function serverCpu(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}

/** Opens one subscription per (order, subscriber), alternating processes; returns the open ones. */
async function subscribeAll(
  stand: Stand,
  orderIds: readonly string[],
  perOrder: number,
  onValue: (orderIndex: number) => (version: number, total: string, at: number) => void,
): Promise<{ open: LiveSubscription[]; failures: number; firstFailure: string | undefined }> {
  const slots = orderIds.flatMap((_, order) => Array.from({ length: perOrder }, () => order));
  const outcomes = await mapLimited(slots, SUBSCRIBE_CONCURRENCY, (order, slot) =>
    stand.target.subscribe(slot % stand.target.ports.length, orderIds[order] as string, onValue(order)),
  );
  const open: LiveSubscription[] = [];
  let firstFailure: string | undefined;
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') open.push(outcome.value);
    else firstFailure ??= String(outcome.reason);
  }
  return { open, failures: outcomes.length - open.length, firstFailure };
}

/** Scenarios (a), (b), (d): mutations against subscribed orders; latency from send to each subscriber's receipt. */
export async function runDelivery(stand: Stand, scenario: DeliveryScenario): Promise<DeliveryResult> {
  const { target } = stand;
  await resetTerms(stand.db);
  const orderIds = await seedOrders(stand.db, scenario.orders);
  const recorder = new Recorder();
  const subs = await subscribeAll(stand, orderIds, scenario.subscribersPerOrder, (order) => {
    const sub = recorder.addSubscriber(order);
    return (version, _total, at) => recorder.received(sub, version, at);
  });
  const busy = new Set<number>();
  // One edit per order at a time, as a till would: each committed version is then attributable to one send.
  const pickFree = (): number | undefined => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const order = Math.floor(Math.random() * orderIds.length);
      if (!busy.has(order)) return order;
    }
    return [...orderIds.keys()].find((order) => !busy.has(order));
  };
  let sent = 0;
  let skipped = 0;
  const mutate = async (order: number, scheduledAt: number) => {
    busy.add(order);
    const via = scenario.load.via === 'first' ? 0 : sent % target.ports.length;
    sent++;
    try {
      recorder.committed(order, await target.addItem(via, orderIds[order] as string), scheduledAt);
    } catch (error) {
      recorder.failed(error);
    } finally {
      busy.delete(order);
    }
  };

  recorder.recording = true;
  const cpuBefore = serverCpu(stand.pids);
  const started = performance.now();
  const deadline = started + scenario.durationMs;
  const load = scenario.load;
  if (load.kind === 'closed') {
    await Promise.all(
      Array.from({ length: load.concurrency }, async () => {
        while (performance.now() < deadline) {
          const order = pickFree();
          if (order === undefined) break;
          await mutate(order, performance.now());
        }
      }),
    );
  } else {
    // Open loop: latency counts from the scheduled send time, so a stalled server cannot hide its queue.
    const interval = 1000 / load.ratePerSecond;
    const inFlight = new Set<Promise<void>>();
    let issued = 0;
    while (performance.now() < deadline) {
      const due = Math.floor((performance.now() - started) / interval);
      for (; issued < due; issued++) {
        const order = pickFree();
        if (order === undefined) {
          skipped++;
          continue;
        }
        const work = mutate(order, started + issued * interval);
        inFlight.add(work);
        void work.finally(() => inFlight.delete(work));
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(inFlight);
  }
  const elapsed = (performance.now() - started) / 1000;
  await recorder.waitCaughtUp(DRAIN_TIMEOUT_MS);
  const cpu = serverCpu(stand.pids) - cpuBefore;
  const notConverged = recorder.behind();
  recorder.recording = false;
  for (const sub of subs.open) sub.close();

  const summary = recorder.summarise();
  const mutations = sent - recorder.mutationErrors;
  return {
    id: scenario.id,
    target: target.name,
    mutations,
    mutationsPerSecond: mutations / elapsed,
    deliveries: summary.deliveries,
    deliveriesPerSecond: summary.deliveries / elapsed,
    lost: summary.lost,
    notConverged,
    outOfOrder: recorder.outOfOrder,
    unmatched: summary.unmatched,
    mutationErrors: recorder.mutationErrors,
    firstError: recorder.firstError ?? subs.firstFailure,
    skipped,
    duplicateVersions: recorder.duplicateVersions,
    subscribeFailures: subs.failures,
    latency: percentiles(summary.latencies),
    cpuSecondsPerDelivery: summary.deliveries ? cpu / summary.deliveries : Number.NaN,
    cdf: cdfPoints(summary.latencies),
  };
}

export interface StormResult {
  target: string;
  connections: number;
  /** Open orders the tax change re-prices (the subscribed ones among them). */
  openOrders: number;
  connectFailures: number;
  firstFailure: string | undefined;
  connectSeconds: number;
  /** Server CPU (both processes) while the sockets were opened and subscribed, per subscription opened. */
  connectCpuSecondsPerSubscription: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  rssPerConnectionBytes: number;
  mutationMs: number;
  /** From sending the settings change until the last subscriber held the new total (NaN if some never did). */
  lastSubscriberMs: number;
  missing: number;
  outOfOrder: number;
  perSubscriber: Percentiles;
  cpuSecondsPerDelivery: number;
  cdf: [number, number][];
  /** Cart edits the tills sent while the change was under way, and how long each waited for its answer. */
  tillWait: Percentiles;
  tillFailures: number;
  tillFirstFailure: string | undefined;
}

const STORM_TIMEOUT_MS = 180_000;
const NEW_TAX_RATE = '9.5';
const TILLS = 8;
const TILL_INTERVAL_MS = 250;
/** How (e)'s tills behave, for the report. */
export const STORM_TILLS = `${TILLS} tills each add an item to their own open order every ${TILL_INTERVAL_MS} ms`;

interface TillOutcome {
  waits: number[];
  failures: number;
  firstFailure: string | undefined;
}

/**
 * Tills at work while a change is under way: each adds an item to its own open (unsubscribed) order every
 * `TILL_INTERVAL_MS`, waiting for the answer before the next, until `done()`. A wait is send → answer.
 */
async function tillsUntil(
  stand: Stand,
  orderIds: readonly string[],
  done: () => boolean,
): Promise<TillOutcome> {
  const outcome: TillOutcome = { waits: [], failures: 0, firstFailure: undefined };
  await Promise.all(
    orderIds.map(async (orderId, till) => {
      while (!done()) {
        const sentAt = performance.now();
        try {
          await stand.target.addItem(till % stand.target.ports.length, orderId);
        } catch (error) {
          outcome.failures++;
          outcome.firstFailure ??= String(error);
        }
        const answeredAt = performance.now();
        outcome.waits.push(answeredAt - sentAt);
        const pause = TILL_INTERVAL_MS - (answeredAt - sentAt);
        if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }),
  );
  return outcome;
}

/**
 * Scenarios (c) and (e) on the same sockets: seed `openOrders` open orders, hold `connections` subscribed
 * connections (one order each) and measure RSS per connection; then change the tax rate once, with tills
 * editing other open orders meanwhile, and time until every subscriber holds the re-priced total.
 */
export async function runConnectionsAndStorm(
  stand: Stand,
  connections: number,
  openOrders: number,
): Promise<StormResult> {
  await resetTerms(stand.db);
  const orderIds = await seedOrders(stand.db, Math.max(openOrders, connections + TILLS));
  const subscribed = orderIds.slice(0, connections);
  const tillOrders = orderIds.slice(connections, connections + TILLS);
  const newTotal = expectedTotal(1, NEW_TAX_RATE);
  // Memory is read after a full collection in each server, so it is what the connections retain.
  await stand.collectGarbage();
  const rssBefore = stand.pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
  const heldAt = new Array<number>(connections).fill(Number.NaN);
  let outOfOrder = 0;
  let startedStorm = Number.POSITIVE_INFINITY;
  const connectCpuBefore = serverCpu(stand.pids);
  const connectStarted = performance.now();
  const subs = await subscribeAll(stand, subscribed, 1, (order) => {
    let last = 0;
    return (version, total, at) => {
      if (version <= last) outOfOrder++;
      last = Math.max(last, version);
      if (total === newTotal && at >= startedStorm && Number.isNaN(heldAt[order])) heldAt[order] = at;
    };
  });
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  const connectCpu = serverCpu(stand.pids) - connectCpuBefore;
  await stand.collectGarbage();
  const rssAfter = stand.pids.reduce((sum, pid) => sum + rssBytes(pid), 0);

  const cpuBefore = serverCpu(stand.pids);
  startedStorm = performance.now();
  const deadline = startedStorm + STORM_TIMEOUT_MS;
  const held = () => heldAt.reduce((count, at) => (Number.isNaN(at) ? count : count + 1), 0);
  let mutationMs = Number.NaN;
  let stormOver = false;
  const tills = tillsUntil(stand, tillOrders, () => stormOver);
  let changeError: string | undefined;
  const change = stand.target.setTaxRate(0, NEW_TAX_RATE).then(
    () => {
      mutationMs = performance.now() - startedStorm;
    },
    (error: unknown) => {
      changeError = String(error);
      mutationMs = Number.POSITIVE_INFINITY;
    },
  );
  while ((held() < subs.open.length || Number.isNaN(mutationMs)) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  stormOver = true;
  await change;
  const tillOutcome = await tills;
  const cpu = serverCpu(stand.pids) - cpuBefore;
  for (const sub of subs.open) sub.close();
  await resetTerms(stand.db);

  const times = heldAt.filter((at) => !Number.isNaN(at)).map((at) => at - startedStorm);
  const missing = subs.open.length - times.length;
  const perSubscriber = percentiles(times);
  return {
    target: stand.target.name,
    connections: subs.open.length,
    openOrders: orderIds.length,
    connectFailures: subs.failures,
    firstFailure: subs.firstFailure ?? changeError,
    connectSeconds,
    connectCpuSecondsPerSubscription: subs.open.length ? connectCpu / subs.open.length : Number.NaN,
    rssBeforeBytes: rssBefore,
    rssAfterBytes: rssAfter,
    rssPerConnectionBytes: subs.open.length ? (rssAfter - rssBefore) / subs.open.length : Number.NaN,
    mutationMs,
    lastSubscriberMs: missing === 0 ? perSubscriber.max : Number.NaN,
    missing,
    outOfOrder,
    perSubscriber,
    cpuSecondsPerDelivery: times.length ? cpu / times.length : Number.NaN,
    cdf: cdfPoints(times),
    tillWait: percentiles(tillOutcome.waits),
    tillFailures: tillOutcome.failures,
    tillFirstFailure: tillOutcome.firstFailure,
  };
}
