import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { queryDatabase } from '../support/database.ts';
import { JWT_SECRET } from '../support/env.ts';
import { openAcknowledgedSocket, postQuery } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

const createOrder = 'mutation { createOrder { order { id } } }';

describe('token lifetime on a long-lived socket', () => {
  it('closes the socket with 4011 at expiry and delivers nothing committed after it', async () => {
    const shortLived = await signToken(JWT_SECRET, { role: 'STAFF', sub: 'night-board' }, '3s');
    const expiresAtMs = (decodeJwt(shortLived).exp ?? 0) * 1000;
    const socket = await openAcknowledgedSocket(stack.url, shortLived);
    socket.send({
      id: 'board',
      type: 'subscribe',
      payload: { query: 'subscription { liveOrders { order { id } } }' },
    });

    // Orders keep being committed (by another till) until the board's socket has closed.
    const startedAt = new Map<string, number>();
    let closed: { code: number; reason: string } | undefined;
    let closedAt = 0;
    const closing = socket.closed(15_000).then((info) => {
      closedAt = Date.now();
      closed = info;
    });
    while (!closed) {
      const started = Date.now();
      const response = await postQuery(stack.url, createOrder, {}, stack.staffToken);
      const data = response.json?.data as { createOrder: { order: { id: string } } } | undefined;
      if (!data) throw new Error(`createOrder failed: ${response.text}`);
      startedAt.set(data.createOrder.order.id, started);
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 100))]);
    }
    expect(closed.code).toBe(4011);
    expect(closed.reason).toContain('token expired');

    const delivered = socket.messages
      .filter((message) => (message as { type?: string }).type === 'next')
      .map(
        (message) => (message as { payload: { data: { liveOrders: { order: { id: string } } } } }).payload,
      );
    // The subscription was live before expiry, and every value it delivered was committed before expiry.
    expect(delivered.length).toBeGreaterThan(0);
    for (const payload of delivered) {
      const started = startedAt.get(payload.data.liveOrders.order.id);
      expect(started).toBeDefined();
      expect(started).toBeLessThan(expiresAtMs);
    }
    // Not before the token's `exp`: the token is honoured for its whole lifetime.
    expect(closedAt).toBeGreaterThanOrEqual(expiresAtMs);
  });

  it('answers every operation sent before expiry, running ones included, before closing with 4011', async () => {
    const orderIds = async () =>
      new Set(
        (await queryDatabase<{ id: string }>(stack.database.url, 'select id from customer_order')).map(
          (row) => row.id,
        ),
      );
    const before = await orderIds();
    const token = await signToken(JWT_SECRET, { role: 'STAFF', sub: 'till-at-expiry' }, '2s');
    const expiresAtMs = (decodeJwt(token).exp ?? 0) * 1000;
    const socket = await openAcknowledgedSocket(stack.url, token);
    // A burst that is still running when the token expires.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAtMs - Date.now() - 100)));
    const ids = Array.from({ length: 150 }, (_, index) => `e${index}`);
    for (const id of ids) socket.send({ id, type: 'subscribe', payload: { query: createOrder } });
    expect((await socket.closed(30_000)).code).toBe(4011);

    const committed = [...(await orderIds())].filter((id) => !before.has(id));
    const answered = new Map<string, string>();
    const refused = new Set<string>();
    for (const frame of socket.messages as { id?: string; type?: string; payload?: unknown }[]) {
      if (!frame.id) continue;
      if (frame.type === 'next') {
        const payload = frame.payload as { data: { createOrder: { order: { id: string } } } };
        answered.set(frame.id, payload.data.createOrder.order.id);
      }
      if (frame.type === 'error') {
        expect(JSON.stringify(frame.payload)).toContain('UNAUTHENTICATED');
        refused.add(frame.id);
      }
    }
    expect(new Set(answered.values())).toEqual(new Set(committed));
    for (const id of ids) expect(answered.has(id) !== refused.has(id)).toBe(true);
  });

  it('lets a client renew by reconnecting with a fresh token', async () => {
    const first = await signToken(JWT_SECRET, { role: 'STAFF', sub: 'renewing-board' }, '2s');
    const socket = await openAcknowledgedSocket(stack.url, first);
    expect((await socket.closed(15_000)).code).toBe(4011);
    const fresh = await signToken(JWT_SECRET, { role: 'STAFF', sub: 'renewing-board' }, '1h');
    const renewed = await openAcknowledgedSocket(stack.url, fresh);
    renewed.send({ id: 'q', type: 'subscribe', payload: { query: '{ settings { version } }' } });
    await renewed.message((message) => message.id === 'q' && message.type === 'next');
    renewed.socket.close();
  });
});
