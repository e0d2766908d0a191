import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
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
