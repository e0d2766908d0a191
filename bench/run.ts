/**
 * `npm run bench`: the API and the floor, each as two processes on its own fresh database and Redis channel
 * prefix, driven by this one load-generator process (one clock). Writes bench/results/latest.json,
 * bench/RESULTS.md and bench/latency-cdf.svg.
 *
 * Options: --quick (small counts), --only=a,b,c,d (scenario subset; c also runs e), --targets=ours,floor,
 * --connections=N and --open-orders=N (sizes of (c)/(e)),
 * --cpu-prof (API processes write V8 CPU profiles to bench/profiles/), --label=<text> (named in the results).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { signToken } from '../src/auth/tokens.ts';
import { createBenchDatabase, dropAllBenchDatabases } from './harness/database.ts';
import { closeHttpAgent } from './harness/http.ts';
import { benchPlan } from './harness/plan.ts';
import { killAllServers, type ServerProcess, startServer } from './harness/processes.ts';
import { writeReport } from './harness/report.ts';
import {
  type DeliveryResult,
  runConnectionsAndStorm,
  runDelivery,
  type Stand,
  type StormResult,
} from './harness/scenarios.ts';
import { apiTarget, floorTarget, type Target } from './harness/targets.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: process.env.BENCH_QUICK === '1' },
    only: { type: 'string', default: 'a,b,c,d' },
    targets: { type: 'string', default: 'ours,floor' },
    'cpu-prof': { type: 'boolean', default: false },
    label: { type: 'string', default: '' },
    connections: { type: 'string' },
    'open-orders': { type: 'string' },
  },
});
const only = new Set(values.only.split(','));
const plan = benchPlan(values.quick);
if (values.connections) plan.connections = Number(values.connections);
if (values['open-orders']) plan.openOrders = Number(values['open-orders']);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const jwtSecret = randomBytes(32).toString('hex');
const PROCESSES = 2;

// An interrupted run kills every server it started and drops every database it created.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: killing the servers and dropping the databases of this run`);
    killAllServers();
    void dropAllBenchDatabases().finally(() => process.exit(130));
  });
}

async function startStand(
  name: 'ours' | 'floor',
  inspect = false,
): Promise<{ stand: Stand; stop: () => Promise<void> }> {
  const db = await createBenchDatabase(adminUrl, name);
  const env = {
    NODE_ENV: 'production',
    PORT: '0',
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    CHANNEL_PREFIX: `bench:${randomBytes(4).toString('hex')}:`,
    JWT_SECRET: jwtSecret,
    MIGRATE_ON_START: 'false',
    SEED_DEMO_CATALOG: 'false',
    LOG_LEVEL: 'info',
    // The fan-out scenarios add thousands of units to one line.
    MAX_QUANTITY: '1000000',
    // One load generator stands in for thousands of users: its single token must not meet per-user limits.
    MAX_CONNECTIONS_PER_USER: '100000',
    MUTATION_RATE_LIMIT: '1000000',
  };
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < PROCESSES; i++) {
      servers.push(
        await startServer(
          name === 'ours'
            ? {
                script: 'src/server.ts',
                env,
                readyMessage: 'live POS API listening',
                nodeArgs: values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir=bench/profiles'] : [],
                inspect,
              }
            : { script: 'bench/floor/server.ts', env, readyMessage: 'floor listening', inspect },
        ),
      );
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    await db.drop();
    throw error;
  }
  const teardown = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await db.drop();
  };
  const token = await signToken(jwtSecret, { role: 'ADMIN', sub: 'bench' }, '2h');
  const ports = servers.map((server) => server.port);
  const target: Target =
    name === 'ours' ? apiTarget(ports, token, db.productId) : floorTarget(ports, token, db.productId);
  return {
    stand: {
      target,
      db,
      pids: servers.map((server) => server.pid),
      collectGarbage: async () => {
        await Promise.all(servers.map((server) => server.collectGarbage()));
      },
    },
    stop: teardown,
  };
}

const delivery: DeliveryResult[] = [];
const storms: StormResult[] = [];
const startedAt = new Date();
const loadAverageAtStart = loadavg();
/** Runs `work` against freshly started processes on a fresh database, and always tears them down. */
async function withStand(
  name: 'ours' | 'floor',
  work: (stand: Stand) => Promise<void>,
  inspect = false,
): Promise<void> {
  const { stand, stop } = await startStand(name, inspect);
  try {
    await work(stand);
  } finally {
    await stop();
  }
}

const names = values.targets.split(',') as ('ours' | 'floor')[];
const scenarios = plan.delivery.filter((scenario) => only.has(scenario.id.slice(0, 1)));
if (scenarios.length) {
  // Both systems stay up and each scenario runs on one right after the other, so a change in the machine's
  // background load hits both rather than whichever happened to run later.
  const stands: { name: 'ours' | 'floor'; stand: Stand; stop: () => Promise<void> }[] = [];
  try {
    for (const name of names) stands.push({ name, ...(await startStand(name)) });
    for (const scenario of scenarios) {
      for (const { name, stand } of stands) {
        console.log(`${name}: ${scenario.title}`);
        const result = await runDelivery(stand, scenario);
        console.log(
          `  ${result.mutationsPerSecond.toFixed(0)} mut/s, p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms, lost ${result.lost}, out of order ${result.outOfOrder}`,
        );
        delivery.push(result);
      }
    }
  } finally {
    for (const { stop } of stands) await stop();
  }
}
if (only.has('c') || only.has('e')) {
  for (const name of names) {
    // Fresh processes, so the memory figure is not blurred by garbage left from the earlier scenarios.
    await withStand(
      name,
      async (stand) => {
        console.log(
          `${name}: (c)+(e) ${plan.connections} connections, then one tax change over ${plan.openOrders} open orders`,
        );
        const result = await runConnectionsAndStorm(stand, plan.connections, plan.openOrders);
        console.log(
          `  ${result.connections} held (${result.connectFailures} failed), ${(result.rssPerConnectionBytes / 1024).toFixed(1)} KiB/conn, ${(result.connectCpuSecondsPerSubscription * 1000).toFixed(3)} ms CPU per subscription opened in ${result.connectSeconds.toFixed(1)} s, settings mutation ${result.mutationMs.toFixed(0)} ms, last subscriber after ${result.lastSubscriberMs.toFixed(0)} ms, tills p99 ${result.tillWait.p99.toFixed(0)} ms over ${result.tillWait.count} edits, ${result.tillFailures} failed`,
        );
        storms.push(result);
      },
      true,
    );
  }
}
closeHttpAgent();

const results = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  label: values.label,
  loadAverageAtStart,
  loadAverageAtEnd: loadavg(),
  quick: values.quick,
  plan,
  delivery,
  storms,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(results, null, 2)}\n`);
writeReport(results);
console.log('wrote bench/RESULTS.md, bench/latency-cdf.svg, bench/results/latest.json');
