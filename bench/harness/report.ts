import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { type CdfPanel, cdfChart } from './chart.ts';
import type { Plan } from './plan.ts';
import { type DeliveryResult, STORM_TILLS, type StormResult } from './scenarios.ts';

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  label: string;
  /** 1/5/15-minute load averages when the run started (absent in older results). */
  loadAverageAtStart?: number[];
  loadAverageAtEnd?: number[];
  quick: boolean;
  plan: Plan;
  delivery: DeliveryResult[];
  storms: StormResult[];
}

const NOTES_FILE = 'bench/NOTES.md';

function loadText(load: number[] | undefined): string {
  return load?.length ? load.map((value) => value.toFixed(2)).join(' / ') : 'not recorded';
}

function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(ours: number | undefined, floor: number | undefined): string {
  if (
    ours === undefined ||
    floor === undefined ||
    !Number.isFinite(ours) ||
    !Number.isFinite(floor) ||
    floor === 0
  ) {
    return '—';
  }
  return `${fmt(ours / floor, 2)}×`;
}

function table<T>(
  ours: T | undefined,
  floor: T | undefined,
  rows: [string, (result: T) => number, number][],
): string {
  const lines = ['| measure | ours | floor | ours ÷ floor |', '| --- | ---: | ---: | ---: |'];
  for (const [label, get, digits] of rows) {
    const o = ours ? get(ours) : undefined;
    const f = floor ? get(floor) : undefined;
    lines.push(
      `| ${label} | ${o === undefined ? '—' : fmt(o, digits)} | ${f === undefined ? '—' : fmt(f, digits)} | ${ratio(o, f)} |`,
    );
  }
  return lines.join('\n');
}

const DELIVERY_ROWS: [string, (r: DeliveryResult) => number, number][] = [
  ['delivery p50 (ms)', (r) => r.latency.p50, 1],
  ['delivery p95 (ms)', (r) => r.latency.p95, 1],
  ['delivery p99 (ms)', (r) => r.latency.p99, 1],
  ['delivery max (ms)', (r) => r.latency.max, 1],
  ['mutations/s', (r) => r.mutationsPerSecond, 0],
  ['deliveries/s', (r) => r.deliveriesPerSecond, 0],
  ['deliveries measured', (r) => r.latency.count, 0],
  ['lost (committed versions a subscriber never received)', (r) => r.lost, 0],
  ['subscribers not holding the newest version at the end', (r) => r.notConverged ?? 0, 0],
  ['out of order', (r) => r.outOfOrder, 0],
  ['server CPU ms per delivery', (r) => r.cpuSecondsPerDelivery * 1000, 3],
  ['mutation errors', (r) => r.mutationErrors, 0],
  ['subscribe failures', (r) => r.subscribeFailures, 0],
  ['open-loop sends skipped (every order busy)', (r) => r.skipped, 0],
  ['mutations reporting an already reported version', (r) => r.duplicateVersions ?? 0, 0],
];

const STORM_ROWS: [string, (r: StormResult) => number, number][] = [
  ['connections held', (r) => r.connections, 0],
  ['connection failures', (r) => r.connectFailures, 0],
  ['time to open all (s)', (r) => r.connectSeconds, 1],
  ['server CPU per opened subscription (ms)', (r) => r.connectCpuSecondsPerSubscription * 1000, 3],
  ['server RSS before (MiB, both processes)', (r) => r.rssBeforeBytes / 2 ** 20, 1],
  ['server RSS after (MiB, both processes)', (r) => r.rssAfterBytes / 2 ** 20, 1],
  ['server RSS per subscribed connection (KiB)', (r) => r.rssPerConnectionBytes / 1024, 1],
  ['(e) open orders re-priced', (r) => r.openOrders ?? r.connections, 0],
  ['(e) settings mutation response (ms)', (r) => r.mutationMs, 0],
  ['(e) last subscriber holds new total (ms)', (r) => r.lastSubscriberMs, 0],
  ['(e) per-subscriber p50 (ms)', (r) => r.perSubscriber.p50, 0],
  ['(e) per-subscriber p99 (ms)', (r) => r.perSubscriber.p99, 0],
  ['(e) subscribers never updated', (r) => r.missing, 0],
  ['(e) out of order', (r) => r.outOfOrder, 0],
  ['(e) server CPU ms per delivery', (r) => r.cpuSecondsPerDelivery * 1000, 3],
  ['(e) till cart edits during the change', (r) => r.tillWait?.count ?? Number.NaN, 0],
  ['(e) till wait p50 (ms)', (r) => r.tillWait?.p50 ?? Number.NaN, 0],
  ['(e) till wait p99 (ms)', (r) => r.tillWait?.p99 ?? Number.NaN, 0],
  ['(e) till wait max (ms)', (r) => r.tillWait?.max ?? Number.NaN, 0],
  ['(e) till edits failed', (r) => r.tillFailures ?? Number.NaN, 0],
];

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? 'not measured' : ok ? 'met' : '**not met**';
}

/** The write path's targets: ours ÷ the floor of the same run, except where an absolute bound is given. */
function targets(results: BenchResults): string {
  const pick = (id: string, target: string) =>
    results.delivery.find((r) => r.id === id && r.target === target);
  const pair = (id: string) => ({ ours: pick(id, 'ours'), floor: pick(id, 'floor') });
  const lines = ['| target | measured | verdict |', '| --- | --- | --- |'];
  const ratioRow = (what: string, ratio: number, bound: number) =>
    lines.push(`| ${what} ≤ ${bound}× floor | ${fmt(ratio, 2)}× | ${verdict(ratio <= bound)} |`);
  const a = pair('a');
  if (a.ours && a.floor) {
    ratioRow('(a) delivery p50', a.ours.latency.p50 / a.floor.latency.p50, 1.5);
    ratioRow('(a) delivery p99', a.ours.latency.p99 / a.floor.latency.p99, 2);
    ratioRow('(a) server CPU per delivery', a.ours.cpuSecondsPerDelivery / a.floor.cpuSecondsPerDelivery, 2);
    lines.push(
      `| (a) 0 lost, 0 out of order | ${a.ours.lost} lost, ${a.ours.outOfOrder} out of order | ${verdict(a.ours.lost === 0 && a.ours.outOfOrder === 0)} |`,
    );
  }
  const b = pair('b');
  if (b.ours && b.floor) {
    // One subscriber per order: CPU per delivery is CPU per mutation.
    ratioRow('(b) server CPU per mutation', b.ours.cpuSecondsPerDelivery / b.floor.cpuSecondsPerDelivery, 2);
    const share = b.ours.mutationsPerSecond / b.floor.mutationsPerSecond;
    lines.push(`| (b) mutations/s ≥ 60 % of floor | ${fmt(share * 100, 0)} % | ${verdict(share >= 0.6)} |`);
  }
  const d = pair('d500');
  if (d.ours && d.floor) {
    const achieved = d.ours.mutationsPerSecond / 500;
    lines.push(
      `| (d500) ≥ 95 % of the offered 500/s achieved | ${fmt(achieved * 100, 0)} % | ${verdict(achieved >= 0.95)} |`,
    );
    ratioRow('(d500) delivery p99', d.ours.latency.p99 / d.floor.latency.p99, 2);
  }
  const c = results.storms.find((r) => r.target === 'ours');
  const cFloor = results.storms.find((r) => r.target === 'floor');
  if (c) {
    const perConn = c.rssPerConnectionBytes / 1024;
    lines.push(
      `| (c) ${c.connections + c.connectFailures} held, 0 failures, ≤ 15 KiB RSS each | ${c.connectFailures} failures, ${fmt(perConn)} KiB | ${verdict(c.connectFailures === 0 && perConn <= 15)} |`,
    );
    if (cFloor)
      ratioRow(
        `(c) time to open ${c.connections} subscribed sockets`,
        c.connectSeconds / cFloor.connectSeconds,
        1.5,
      );
    lines.push(
      `| (e) ≤ 5 s to the last subscriber (${c.openOrders ?? c.connections} open orders) | ${fmt(c.lastSubscriberMs, 0)} ms | ${verdict(Number.isFinite(c.lastSubscriberMs) && c.lastSubscriberMs <= 5000)} |`,
    );
    if (c.tillWait) {
      lines.push(
        `| (e) tills editing during it: p99 wait ≤ 500 ms, none fail | p99 ${fmt(c.tillWait.p99, 0)} ms, ${c.tillFailures} failed of ${c.tillWait.count} | ${verdict(c.tillWait.p99 <= 500 && c.tillFailures === 0)} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Writes bench/RESULTS.md (generated tables, then the hand-kept notes) and bench/latency-cdf.svg. */
export function writeReport(results: BenchResults): void {
  const sections: string[] = [];
  sections.push(`# Benchmark results

Generated by \`npm run bench\`${results.quick ? " --quick (small counts: not the issue's sizes)" : ''}${results.label ? ` — ${results.label}` : ''}.
Run ${results.startedAt} → ${results.finishedAt} on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'};
load average (1/5/15 min) at the start ${loadText(results.loadAverageAtStart)}, at the end ${loadText(results.loadAverageAtEnd)}. API and floor each ran as 2 processes on the
same machine as PostgreSQL, Redis and the load generator. Ratios are ours ÷ floor (latency and CPU: lower is better;
rates: higher is better). Chart: [latency-cdf.svg](latency-cdf.svg).`);
  sections.push(`## Targets\n\n${targets(results)}`);
  for (const scenario of results.plan.delivery) {
    const ours = results.delivery.find((r) => r.id === scenario.id && r.target === 'ours');
    const floor = results.delivery.find((r) => r.id === scenario.id && r.target === 'floor');
    if (!ours && !floor) continue;
    const errors = [ours, floor].flatMap((r) => (r?.firstError ? [`${r.target}: ${r.firstError}`] : []));
    sections.push(
      `## ${scenario.title}\n\n${table(ours, floor, DELIVERY_ROWS)}${errors.length ? `\n\nFirst error: ${errors.join('; ')}` : ''}`,
    );
  }
  const stormOurs = results.storms.find((r) => r.target === 'ours');
  const stormFloor = results.storms.find((r) => r.target === 'floor');
  if (stormOurs || stormFloor) {
    sections.push(
      `## (c) ${results.plan.connections} connections, then (e) one tax change re-pricing ${results.plan.openOrders ?? results.plan.connections} open orders while ${STORM_TILLS}\n\n${table(stormOurs, stormFloor, STORM_ROWS)}`,
    );
  }
  if (existsSync(NOTES_FILE)) sections.push(readFileSync(NOTES_FILE, 'utf8').trim());
  writeFileSync('bench/RESULTS.md', `${sections.join('\n\n')}\n`);

  const panels: CdfPanel[] = results.plan.delivery.map((scenario) => ({
    title: scenario.title.replace(/:.*/, ''),
    series: results.delivery
      .filter((r) => r.id === scenario.id)
      .map((r) => ({ name: r.target, points: r.cdf })),
  }));
  panels.push({
    title: '(e) settings storm: time to new total',
    series: results.storms.map((r) => ({ name: r.target, points: r.cdf })),
  });
  writeFileSync('bench/latency-cdf.svg', cdfChart(panels.filter((p) => p.series.length > 0)));
}
