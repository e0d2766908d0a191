import { print } from 'graphql';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { JWT_SECRET, REDIS_URL } from '../support/env.ts';
import { newOrder } from '../support/fixtures.ts';
import { must } from '../support/graphql.ts';
import { scrapeMetric, waitForMetricSum } from '../support/metrics.ts';
import { SettingsUpdated, UpdateSettings } from '../support/operations.ts';
import { openAcknowledgedSocket, openRawSocket, type RawSocket } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

const MAX_CONNECTIONS_PER_USER = 3;
const MAX_SUBSCRIPTIONS_PER_CONNECTION = 3;

let stack: TestStack;
let redis: Redis;
const USERS = ['till-1', 'till-2', 'board-1'];
const tokens: Record<string, string> = {};
/** An order that exists, so `cartUpdated` on it subscribes its channel and reads its snapshot. */
let orderId: string;

beforeAll(async () => {
  stack = await startStack({
    env: {
      MAX_CONNECTIONS_PER_USER: String(MAX_CONNECTIONS_PER_USER),
      MAX_SUBSCRIPTIONS_PER_CONNECTION: String(MAX_SUBSCRIPTIONS_PER_CONNECTION),
    },
  });
  redis = new Redis(REDIS_URL);
  for (const user of USERS) tokens[user] = await signToken(JWT_SECRET, { role: 'STAFF', sub: user }, '1h');
  orderId = (await newOrder(stack.url)).order.id;
});

afterAll(async () => {
  redis?.disconnect();
  await stack?.close();
});

const settingsSubscription = print(SettingsUpdated);

/** How many Redis subscriptions this server holds on `channel` (0 when no live stream is left on it). */
async function channelSubscribers(channel: string): Promise<number> {
  const [, count] = (await redis.pubsub('NUMSUB', `${stack.channelPrefix}${channel}`)) as [string, number];
  return Number(count);
}

/** Polls until `channel` has `expected` subscribers (unsubscribing is asynchronous), or fails. */
async function waitForChannelSubscribers(
  channel: string,
  expected: number,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await channelSubscribers(channel);
    if (count === expected) return;
    if (Date.now() > deadline) throw new Error(`${channel} has ${count} subscribers, expected ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function waitForSettingsChannelSubscribers(expected: number): Promise<void> {
  return waitForChannelSubscribers('settings', expected);
}

/** After every socket closed: nothing is held on the server, and every user can open its full allowance again. */
async function expectNothingHeld(): Promise<void> {
  await waitForMetricSum(stack.url, 'pos_websocket_connections', 0);
  await waitForMetricSum(stack.url, 'pos_active_subscriptions', 0);
  await waitForSettingsChannelSubscribers(0);
  await waitForChannelSubscribers(`order:${orderId}`, 0);
  for (const token of [...Object.values(tokens), undefined]) {
    const sockets: RawSocket[] = [];
    for (let slot = 0; slot < MAX_CONNECTIONS_PER_USER; slot++) {
      sockets.push(await openAcknowledgedSocket(stack.url, token));
    }
    for (const socket of sockets) socket.socket.close();
    await Promise.all(sockets.map((socket) => socket.closed()));
  }
  await waitForMetricSum(stack.url, 'pos_websocket_connections', 0);
}

async function changeSettings(taxRatePercent: string): Promise<void> {
  const result = await must(stack.url, UpdateSettings, { input: { taxRatePercent } }, stack.adminToken);
  expect(result.updateSettings.__typename).toBe('Settings');
}

describe('WebSocket bookkeeping', () => {
  it('keeps one subscription per operation id when a client reuses the id 200 times', async () => {
    const socket = await openAcknowledgedSocket(stack.url);
    for (let cycle = 0; cycle < 200; cycle++) {
      for (let twice = 0; twice < 2; twice++) {
        socket.send({ id: 'x', type: 'subscribe', payload: { query: settingsSubscription } });
        socket.send({ id: 'x', type: 'complete' });
      }
    }
    // Frames for one id are handled in order: this query's answer comes after every earlier `x` has ended.
    socket.send({ id: 'x', type: 'subscribe', payload: { query: '{ settings { version } }' } });
    await socket.message((message) => message.id === 'x' && message.type === 'complete', 30_000);
    socket.send({ id: 'live', type: 'subscribe', payload: { query: settingsSubscription } });
    await waitForMetricSum(stack.url, 'pos_active_subscriptions', 1);
    await waitForSettingsChannelSubscribers(1);

    await changeSettings('7');
    await socket.message((message) => message.id === 'live' && message.type === 'next');
    await changeSettings('8');
    await socket.message(
      (message) => message.id === 'live' && message.type === 'next' && JSON.stringify(message).includes('"8'),
    );
    const nexts = socket.messages.filter((message) => (message as { type?: string }).type === 'next') as {
      id: string;
    }[];
    expect(nexts.map((message) => message.id)).toEqual(['x', 'live', 'live']);
    socket.socket.close();
    await socket.closed();
    await expectNothingHeld();
  });

  it('frees the connection slot of a socket reset right after connection_init, 200 times', async () => {
    const token = tokens['till-1'];
    for (let attempt = 0; attempt < 200; attempt++) {
      const raw = await openRawSocket(stack.url);
      await new Promise<void>((resolve) =>
        raw.socket.send(
          JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
          () => {
            raw.socket.terminate();
            resolve();
          },
        ),
      );
      await raw.closed();
    }
    await expectNothingHeld();
  });

  it('holds nothing after randomized interleavings of init, subscribe, complete, close and reset', async () => {
    const seed = Number(process.env.WS_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = mulberry32(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const serverCloseCodes: number[] = [];
    const queries = [
      settingsSubscription,
      settingsSubscription,
      '{ settings { version } }',
      'subscription { cartUpdated(orderId: "00000000-0000-0000-0000-000000000000") { id } }',
      `subscription { cartUpdated(orderId: "${orderId}") { id version } }`,
      `subscription { cartUpdated(orderId: "${orderId}") { id version } }`,
      '{ nope }',
    ];
    const ids = ['a', 'b', 'c', 'd'];

    const runSocket = async (): Promise<void> => {
      const raw = await openRawSocket(stack.url);
      let reset = false;
      const steps = 1 + Math.floor(random() * 14);
      for (let step = 0; step < steps && raw.socket.readyState === raw.socket.OPEN; step++) {
        const action = random();
        if (action < 0.15) {
          const who = pick([...USERS, 'anonymous', 'forged']);
          const authorization =
            who === 'anonymous'
              ? undefined
              : who === 'forged'
                ? 'Bearer not.a.token'
                : `Bearer ${tokens[who]}`;
          raw.send({ type: 'connection_init', payload: authorization ? { authorization } : {} });
        } else if (action < 0.55) {
          raw.send({ id: pick(ids), type: 'subscribe', payload: { query: pick(queries) } });
        } else if (action < 0.85) {
          raw.send({ id: pick(ids), type: 'complete' });
        } else {
          // Let the server run part of what it received before the next frame.
          const turns = 1 + Math.floor(random() * 20);
          for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve));
        }
      }
      if (raw.socket.readyState === raw.socket.OPEN) {
        if (random() < 0.5) {
          reset = true;
          raw.socket.terminate();
        } else {
          raw.socket.close();
        }
      }
      const closed = await raw.closed();
      if (!reset && closed.code !== 1005) serverCloseCodes.push(closed.code);
    };

    for (let round = 0; round < 4; round++) {
      await Promise.all(Array.from({ length: 30 }, () => runSocket()));
    }
    // Closes the server chose: protocol violations and limits, never an internal error.
    const unexpected = serverCloseCodes.filter(
      (code) => ![1000, 1006, 4008, 4400, 4401, 4403, 4408, 4409, 4429].includes(code),
    );
    expect(unexpected, `seed ${seed}`).toEqual([]);
    await expectNothingHeld();
    expect(await scrapeMetric(stack.url, 'pos_websocket_connections')).toBe(0);
  });
});

/** A small seeded generator, so a failing interleaving can be replayed with WS_FUZZ_SEED. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
