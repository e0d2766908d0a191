/**
 * What one subscribed WebSocket keeps alive in an API process: starts one `node src/server.ts` with its
 * inspector on a fresh bench database, opens N then 2N `cartUpdated` subscriptions, and after a forced full
 * collection at each step takes a V8 heap snapshot. Prints the growth per socket from N to 2N (so start-up and
 * warm-up costs cancel out): the heap's self sizes, and the objects by constructor (count and bytes per socket).
 * Resident memory is not reported: taking a snapshot grows the process by far more than the sockets do (the
 * bench's scenario (c) measures RSS per connection).
 *
 * `node bench/socket-memory.ts [N=1000] [top=30]`
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { signToken } from '../src/auth/tokens.ts';
import { createBenchDatabase, seedOrders } from './harness/database.ts';
import { mapLimited } from './harness/pool.ts';
import { apiTarget, type LiveSubscription } from './harness/targets.ts';

const n = Number(process.argv[2] ?? 1000);
const top = Number(process.argv[3] ?? 30);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const jwtSecret = randomBytes(32).toString('hex');

interface Server {
  child: ChildProcess;
  port: number;
  inspector: string;
}

function start(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', 'src/server.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let inspector = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    inspector ||= /Debugger listening on (ws:\/\/\S+)/.exec(chunk.toString())?.[1] ?? '';
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n')) {
        if (!line.includes('live POS API listening')) continue;
        resolve({ child, port: (JSON.parse(line) as { port: number }).port, inspector });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** Sends inspector commands in order; resolves with each answer (heap snapshot chunks concatenated). */
async function inspect(url: string, methods: string[]): Promise<string> {
  const socket = new WebSocket(url, { maxPayload: 2 ** 31 });
  await new Promise((resolve) => socket.once('open', resolve));
  let snapshot = '';
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { method?: string; params?: { chunk: string } };
    if (message.method === 'HeapProfiler.addHeapSnapshotChunk') snapshot += message.params?.chunk ?? '';
  });
  for (const [index, method] of methods.entries()) {
    await new Promise<void>((resolve) => {
      const onMessage = (raw: WebSocket.RawData) => {
        if ((JSON.parse(String(raw)) as { id?: number }).id !== index + 1) return;
        socket.off('message', onMessage);
        resolve();
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id: index + 1, method }));
    });
  }
  socket.close();
  return snapshot;
}

interface Census {
  heap: number;
  byKind: Map<string, { count: number; bytes: number }>;
}

async function census(server: Server): Promise<Census> {
  const raw = await inspect(server.inspector, [
    'HeapProfiler.enable',
    'HeapProfiler.collectGarbage',
    'HeapProfiler.collectGarbage',
    'HeapProfiler.takeHeapSnapshot',
  ]);
  const snapshot = JSON.parse(raw) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = snapshot.snapshot.meta.node_types[0];
  const byKind = new Map<string, { count: number; bytes: number }>();
  let heap = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt] as number] as string;
    let name = snapshot.strings[snapshot.nodes[i + nameAt] as number] as string;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = '';
    if (type === 'code' || type === 'hidden') name = name.slice(0, 40);
    const key = `${type}:${name.slice(0, 60)}`;
    const size = snapshot.nodes[i + sizeAt] as number;
    heap += size;
    const entry = byKind.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += size;
    byKind.set(key, entry);
  }
  return { heap, byKind };
}

const db = await createBenchDatabase(adminUrl, 'memory');
let server: Server | undefined;
const subs: LiveSubscription[] = [];
try {
  const orderIds = await seedOrders(db, 2 * n);
  server = await start({
    NODE_ENV: 'production',
    PORT: '0',
    DATABASE_URL: db.url,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    CHANNEL_PREFIX: `bench:${randomBytes(4).toString('hex')}:`,
    JWT_SECRET: jwtSecret,
    MIGRATE_ON_START: 'false',
    SEED_DEMO_CATALOG: 'false',
    LOG_LEVEL: 'info',
    MAX_CONNECTIONS_PER_USER: '100000',
  });
  const token = await signToken(jwtSecret, { role: 'ADMIN', sub: 'bench' }, '2h');
  const target = apiTarget([server.port], token, db.productId);
  const open = async (ids: string[]) => {
    const opened = await mapLimited(ids, 50, (id) => target.subscribe(0, id, () => {}));
    for (const outcome of opened) {
      if (outcome.status === 'rejected') throw outcome.reason;
      subs.push(outcome.value);
    }
  };
  // Warm-up: the first sockets pay for compiled code, pools and caches.
  await open(orderIds.slice(0, n));
  const atN = await census(server);
  await open(orderIds.slice(n, 2 * n));
  const at2N = await census(server);
  const perSocket = (a: number, b: number) => (b - a) / n;
  console.log(
    `${n} → ${2 * n} sockets, per socket: heap (snapshot self sizes) ${(perSocket(atN.heap, at2N.heap) / 1024).toFixed(1)} KiB`,
  );
  const rows = [...at2N.byKind].map(([key, after]) => {
    const before = atN.byKind.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: perSocket(before.count, after.count), bytes: perSocket(before.bytes, after.bytes) };
  });
  rows.sort((a, b) => b.bytes - a.bytes);
  console.log('bytes/socket  objects/socket  type:constructor');
  for (const row of rows.slice(0, top)) {
    console.log(`${row.bytes.toFixed(0).padStart(12)}  ${row.count.toFixed(2).padStart(14)}  ${row.key}`);
  }
} finally {
  for (const sub of subs) sub.close();
  server?.child.kill('SIGTERM');
  await db.drop();
}
