/**
 * The floor: the least machinery that does the API's real-time job on the same runtime — node:http, ws,
 * node-postgres and ioredis; no GraphQL, no ORM. One SQL transaction per mutation, publish after commit,
 * every process forwarding each channel message to its own sockets (serialised once, parsed once per process).
 * Env: PORT, DATABASE_URL, REDIS_URL, CHANNEL_PREFIX, JWT_SECRET.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { jwtVerify } from 'jose';
import pg from 'pg';
import { type WebSocket, WebSocketServer } from 'ws';
import { addItem, type Published, setTaxRate, snapshot } from './store.ts';

const env = process.env;
const prefix = env.CHANNEL_PREFIX ?? 'floor:';
const secret = new TextEncoder().encode(env.JWT_SECRET ?? '');
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });
// No auto-pipelining: it defers the PUBLISH past the HTTP reply, so the client's next edit of the same order
// (through the other process) could reach Redis first and its subscribers would skip a version as stale.
const publisher = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const subscriber = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379');

interface Subscriber {
  socket: WebSocket;
  lastVersion: number;
}
const subscribers = new Map<string, Set<Subscriber>>();
const subscribed = new Map<string, Promise<unknown>>();

const channelOf = (orderId: string) => `${prefix}order:${orderId}`;

function deliver(sub: Subscriber, version: number, json: string): void {
  if (version <= sub.lastVersion) return;
  sub.lastVersion = version;
  sub.socket.send(json);
}

subscriber.on('message', (channel: string, json: string) => {
  const subs = subscribers.get(channel);
  if (!subs) return;
  const { version } = JSON.parse(json) as { version: number };
  for (const sub of subs) deliver(sub, version, json);
});

function publish(published: Published[]): void {
  for (const { orderId, json } of published) {
    publisher.publish(channelOf(orderId), json).catch((error: unknown) => console.error(error));
  }
}

async function authorised(header: string | undefined): Promise<boolean> {
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  if (!token) return false;
  try {
    await jwtVerify(token, secret, { algorithms: ['HS256'] });
    return true;
  } catch {
    return false;
  }
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

function reply(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer(async (req, res) => {
  try {
    if (req.method !== 'POST') return reply(res, 404, { error: 'not found' });
    if (!(await authorised(req.headers.authorization))) return reply(res, 401, { error: 'unauthenticated' });
    const input = await body(req);
    const itemPath = /^\/orders\/([0-9a-f-]{36})\/items$/.exec(req.url ?? '');
    if (itemPath?.[1]) {
      const published = await addItem(pool, {
        orderId: itemPath[1],
        productId: String(input.productId),
        quantity: Number(input.quantity),
      });
      publish([published]);
      return reply(res, 200, { version: published.version });
    }
    if (req.url === '/settings') {
      const published = await setTaxRate(pool, String(input.taxRatePercent));
      publish(published);
      return reply(res, 200, { repriced: published.length });
    }
    reply(res, 404, { error: 'not found' });
  } catch (error) {
    reply(res, 500, { error: error instanceof Error ? error.message : String(error) });
  }
});

const wss = new WebSocketServer({ server, path: '/live', maxPayload: 64 * 1024 });
wss.on('connection', (socket) => {
  socket.once('message', async (raw) => {
    try {
      const hello = JSON.parse(String(raw)) as { authorization?: string; orderId?: string };
      if (!(await authorised(hello.authorization)) || typeof hello.orderId !== 'string') {
        return socket.close(4403, 'forbidden');
      }
      const channel = channelOf(hello.orderId);
      const sub: Subscriber = { socket, lastVersion: 0 };
      let subs = subscribers.get(channel);
      if (!subs) {
        subs = new Set();
        subscribers.set(channel, subs);
      }
      subs.add(sub);
      socket.once('close', () => {
        subs.delete(sub);
        if (subs.size === 0) {
          subscribers.delete(channel);
          subscribed.delete(channel);
          void subscriber.unsubscribe(channel);
        }
      });
      // Subscribe, wait for Redis to confirm, then read the snapshot: nothing committed in between is lost.
      let confirmed = subscribed.get(channel);
      if (!confirmed) {
        confirmed = subscriber.subscribe(channel);
        subscribed.set(channel, confirmed);
      }
      await confirmed;
      const current = await snapshot(pool, hello.orderId);
      if (!current) return socket.close(4404, 'no such order');
      deliver(sub, current.version, current.json);
    } catch {
      socket.close(1011, 'failed');
    }
  });
});

server.listen(Number(env.PORT ?? 0), () => {
  console.log(JSON.stringify({ msg: 'floor listening', port: (server.address() as AddressInfo).port }));
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.close();
    publisher.disconnect();
    subscriber.disconnect();
    void pool.end().finally(() => process.exit(0));
  });
}
