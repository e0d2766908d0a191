import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { queryDatabase } from '../support/database.ts';
import { JWT_SECRET } from '../support/env.ts';
import { openAcknowledgedSocket, postQuery, type RawSocket } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

/**
 * A socket the server closes for a limit refuses new operations with an `error` message naming the limit, and
 * sends the result of every operation already running before the close: a till learns which mutations went
 * through. The grace is long here so that a loaded machine cannot make it the thing under test.
 */
const RATE_LIMIT = 300;

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    env: {
      MUTATION_RATE_LIMIT: String(RATE_LIMIT),
      MUTATION_RATE_WINDOW_MS: '3600000',
      WS_CLOSE_GRACE_MS: '30000',
    },
  });
});

afterAll(async () => {
  await stack?.close();
});

const createOrder = 'mutation { createOrder { order { id } } }';

interface Frame {
  id?: string;
  type?: string;
  payload?: unknown;
}

async function committedOrderIds(): Promise<Set<string>> {
  const rows = await queryDatabase<{ id: string }>(stack.database.url, 'select id from customer_order');
  return new Set(rows.map((row) => row.id));
}

/** The order id each `next` frame answered, by operation id. */
function deliveredOrders(socket: RawSocket): Map<string, string> {
  const delivered = new Map<string, string>();
  for (const frame of socket.messages as Frame[]) {
    if (frame.type !== 'next' || !frame.id) continue;
    const payload = frame.payload as { data?: { createOrder?: { order?: { id?: string } } } };
    const orderId = payload.data?.createOrder?.order?.id;
    if (orderId) delivered.set(frame.id, orderId);
  }
  return delivered;
}

function refusals(socket: RawSocket): Map<string, { code?: unknown; limit?: unknown }> {
  const refused = new Map<string, { code?: unknown; limit?: unknown }>();
  for (const frame of socket.messages as Frame[]) {
    if (frame.type !== 'error' || !frame.id) continue;
    const [first] = frame.payload as { extensions?: { code?: unknown; limit?: unknown } }[];
    refused.set(frame.id, { code: first?.extensions?.code, limit: first?.extensions?.limit });
  }
  return refused;
}

const RATE_REFUSAL = { code: 'RATE_LIMITED', limit: 'MUTATION_RATE_LIMIT' };

describe('a socket closed over MUTATION_RATE_LIMIT', () => {
  it('delivers every committed mutation of a burst and refuses the rest before closing 4008', async () => {
    const before = await committedOrderIds();
    const token = await signToken(JWT_SECRET, { role: 'STAFF', sub: 'burst-till' }, '1h');
    const socket = await openAcknowledgedSocket(stack.url, token);
    const ids = Array.from({ length: RATE_LIMIT + 5 }, (_, index) => `b${index}`);
    for (const id of ids) socket.send({ id, type: 'subscribe', payload: { query: createOrder } });

    const closed = await socket.closed(60_000);
    expect(closed.code).toBe(4008);
    expect(closed.reason).toMatch(/MUTATION_RATE_LIMIT.*retry after \d+ s/);

    const committed = [...(await committedOrderIds())].filter((id) => !before.has(id));
    expect(committed).toHaveLength(RATE_LIMIT);
    const delivered = deliveredOrders(socket);
    expect(new Set(delivered.values())).toEqual(new Set(committed));
    const refused = refusals(socket);
    // Each operation got exactly one answer: its order, or the refusal naming the limit.
    for (const id of ids) expect(delivered.has(id) !== refused.has(id)).toBe(true);
    expect(refused.size).toBe(ids.length - RATE_LIMIT);
    for (const refusal of refused.values()) expect(refusal).toEqual(RATE_REFUSAL);
  });

  it('answers mutations sent one at a time, the refused one with an error before the close', async () => {
    const token = await signToken(JWT_SECRET, { role: 'STAFF', sub: 'steady-till' }, '1h');
    const overHttp = RATE_LIMIT - 2;
    for (let sent = 0; sent < overHttp; sent += 25) {
      const batch = Array.from({ length: Math.min(25, overHttp - sent) }, () =>
        postQuery(stack.url, createOrder, {}, token),
      );
      for (const response of await Promise.all(batch)) expect(response.status).toBe(200);
    }
    const before = await committedOrderIds();
    const socket = await openAcknowledgedSocket(stack.url, token);
    for (const id of ['s1', 's2', 's3', 's4']) {
      if (socket.socket.readyState !== socket.socket.OPEN) break;
      socket.send({ id, type: 'subscribe', payload: { query: createOrder } });
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    const closed = await socket.closed(15_000);
    expect(closed.code).toBe(4008);

    const committed = [...(await committedOrderIds())].filter((id) => !before.has(id));
    const delivered = deliveredOrders(socket);
    expect([...delivered.keys()]).toEqual(['s1', 's2']);
    expect(new Set(delivered.values())).toEqual(new Set(committed));
    expect(refusals(socket).get('s3')).toEqual(RATE_REFUSAL);
    expect(delivered.has('s4')).toBe(false);
  });
});
