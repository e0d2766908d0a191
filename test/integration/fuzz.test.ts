import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrder, seedProducts } from '../support/fixtures.ts';
import { must } from '../support/graphql.ts';
import { AddItem, OrderQuery, SettingsQuery, UpdateSettings } from '../support/operations.ts';
import { openAcknowledgedSocket, postRaw, type RawResponse } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

/** Deterministic pseudo-random numbers (mulberry32): a failing case reproduces from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const next = random(20261125);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const junk = (length: number) =>
  Array.from({ length }, () => String.fromCharCode(Math.floor(next() * 0x2fff))).join('');

/** Replaces, deletes or inserts a few characters: mostly-valid documents exercise the parser's edges. */
function mutate(text: string): string {
  const chars = [...text];
  const edits = 1 + Math.floor(next() * 4);
  for (let edit = 0; edit < edits; edit++) {
    const at = Math.floor(next() * chars.length);
    const kind = next();
    if (kind < 0.33) chars.splice(at, 1);
    else if (kind < 0.66)
      chars.splice(at, 0, pick(['{', '}', '(', ')', '$', '"', '\\', '@', '...', ':', '#', '\u0000']));
    else chars[at] = junk(1);
  }
  return chars.join('');
}

const NASTY_DECIMALS = [
  '',
  ' ',
  '1e5',
  '1E-3',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  ' 5',
  '5 ',
  '5.',
  '.5',
  '1.2.3',
  '+1',
  '1_000',
  '１２',
  '9'.repeat(40),
  '0.0000000000000001',
  '-0.0001',
  '101',
  '100.0001',
  '5,5',
  '٣',
  '5\u0000',
];

function internalsLeaked(response: RawResponse): boolean {
  return /node_modules|\bat \w+ \(|\/src\/|select |insert |update "|PostgreSQL|stack/i.test(response.text);
}

let stack: TestStack;
let productId: string;

beforeAll(async () => {
  stack = await startStack({ env: { MUTATION_RATE_LIMIT: '100000' } });
  productId = (await seedProducts(stack.url, stack.adminToken, { Cake: '4.00' })).Cake!;
});

afterAll(async () => {
  await stack?.close();
});

async function stillServes(): Promise<void> {
  const { settings } = await must(stack.url, SettingsQuery);
  expect(settings.currency).toBeTruthy();
}

describe('fuzz', () => {
  it('answers random bodies and mutated documents without a crash, a 500 or leaked internals', async () => {
    const valid = [print(SettingsQuery), print(AddItem), print(OrderQuery), print(UpdateSettings)];
    const bodies: string[] = [];
    for (let index = 0; index < 150; index++) {
      const shape = index % 6;
      if (shape === 0) bodies.push(junk(1 + Math.floor(next() * 200)));
      else if (shape === 1)
        bodies.push(JSON.stringify({ query: mutate(pick(valid)) }).slice(0, -Math.floor(next() * 5)));
      else if (shape === 2)
        bodies.push(JSON.stringify({ query: mutate(pick(valid)), variables: { input: junk(5) } }));
      else if (shape === 3)
        bodies.push(JSON.stringify({ query: next() < 0.5 ? 42 : [junk(3)], variables: 'x' }));
      else if (shape === 4) bodies.push(`{"query":"${'{'.repeat(1 + Math.floor(next() * 3000))}"}`);
      else
        bodies.push(
          JSON.stringify({
            query: pick(valid),
            variables: { id: junk(8), input: { quantity: next() * 1e20 } },
          }),
        );
    }
    for (const body of bodies) {
      const response = await postRaw(stack.url, body, {
        token: pick([undefined, stack.adminToken, stack.staffToken]),
      });
      expect(response.status, body).not.toBeGreaterThanOrEqual(500);
      expect(internalsLeaked(response), response.text).toBe(false);
    }
    await stillServes();
  });

  it('commits nothing for malformed Decimal strings and quantities, and exactly what was accepted', async () => {
    const before = (await must(stack.url, SettingsQuery)).settings;
    const { order, customerToken } = await newOrder(stack.url);
    let accepted = 0;
    const candidates = [...NASTY_DECIMALS, ...Array.from({ length: 30 }, () => mutate('8.875'))];
    for (const taxRatePercent of candidates) {
      const response = await postRaw(
        stack.url,
        JSON.stringify({ query: print(UpdateSettings), variables: { input: { taxRatePercent } } }),
        { token: stack.adminToken },
      );
      expect(response.status).toBeLessThan(500);
      expect(internalsLeaked(response)).toBe(false);
      const data = response.json?.data as { updateSettings?: { __typename: string } } | undefined;
      if (data?.updateSettings?.__typename === 'Settings') accepted++;
    }
    for (const quantity of [0, -1, 1e9, 2 ** 31, 1.5, Number.NaN, '3', null, true, {}]) {
      const response = await postRaw(
        stack.url,
        JSON.stringify({
          query: print(AddItem),
          variables: { input: { orderId: order.id, productId, quantity } },
        }),
        { token: customerToken },
      );
      expect(response.status).toBeLessThan(500);
      expect(
        (response.json?.data as { addItem?: { __typename: string } } | undefined)?.addItem?.__typename,
      ).not.toBe('Order');
    }
    const after = (await must(stack.url, SettingsQuery)).settings;
    expect(after.version).toBe(before.version + accepted);
    const untouched = (await must(stack.url, OrderQuery, { id: order.id }, customerToken)).order!;
    expect(untouched).toMatchObject({ version: order.version, itemCount: 0 });
  });

  it('closes a WebSocket on malformed frames (never 4500) and keeps serving', async () => {
    const frames = [
      () => junk(1 + Math.floor(next() * 100)),
      () => JSON.stringify({ type: junk(4) }),
      () => JSON.stringify({ id: 1, type: 'subscribe', payload: { query: 7 } }),
      () => JSON.stringify({ type: 'subscribe' }),
      () => `{"type":"subscribe","id":"x","payload":{"query":"${mutate('{ settings { version } }')}"}}`,
      () => JSON.stringify([1, 2, 3]),
      () => 'null',
    ];
    for (let index = 0; index < 35; index++) {
      const socket = await openAcknowledgedSocket(stack.url, stack.staffToken);
      socket.send(frames[index % frames.length]!());
      socket.send({ id: 'probe', type: 'subscribe', payload: { query: print(SettingsQuery) } });
      // Either the socket answers the probe (the bad frame was a failed operation) or it was closed as a bad request.
      const answered = await socket
        .message((message) => message.id === 'probe' && message.type === 'next')
        .then(
          () => true,
          () => false,
        );
      if (!answered) expect((await socket.closed()).code).toBeLessThan(4500);
      socket.socket.close();
    }
    await stillServes();
  });
});
