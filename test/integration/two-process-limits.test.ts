import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { startTwoProcesses, type TwoProcesses } from '../support/cluster.ts';
import { JWT_SECRET } from '../support/env.ts';
import { openAcknowledgedSocket, openRawSocket, postQuery } from '../support/raw.ts';

let cluster: TwoProcesses;

beforeAll(async () => {
  cluster = await startTwoProcesses({
    MAX_CONNECTIONS_PER_USER: '2',
    MUTATION_RATE_LIMIT: '6',
    MUTATION_RATE_WINDOW_MS: '3600000',
  });
});

afterAll(async () => {
  await cluster?.close();
});

const tokenFor = (sub: string) => signToken(JWT_SECRET, { role: 'STAFF', sub }, '1h');
const createOrder = 'mutation { createOrder { order { id } } }';

describe('per-principal limits across processes', () => {
  it('counts one mutation allowance for a user on every process', async () => {
    const token = await tokenFor('two-tills');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const server = attempt % 2 === 0 ? cluster.a : cluster.b;
      statuses.push((await postQuery(server.url, createOrder, {}, token)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    for (const server of [cluster.a, cluster.b]) {
      const refused = await postQuery(server.url, createOrder, {}, token);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Another user is untouched on both.
    const calm = await tokenFor('calm-till');
    expect((await postQuery(cluster.b.url, createOrder, {}, calm)).status).toBe(200);
  });

  it('counts one connection cap for a user on every process, and frees it on close', async () => {
    const token = await tokenFor('two-boards');
    const onA = await openAcknowledgedSocket(cluster.a.url, token);
    const onB = await openAcknowledgedSocket(cluster.b.url, token);
    for (const server of [cluster.a, cluster.b]) {
      const extra = await openRawSocket(server.url);
      extra.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
      const closed = await extra.closed();
      expect(closed.code).toBe(4008);
      expect(closed.reason).toContain('MAX_CONNECTIONS_PER_USER');
    }
    onA.socket.close();
    await onA.closed();
    // The slot A held is free for a socket on B as soon as A has released it (asynchronously).
    const deadline = Date.now() + 10_000;
    for (;;) {
      const again = await openRawSocket(cluster.b.url);
      again.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
      const outcome = await again
        .message((message) => message.type === 'connection_ack')
        .then(
          () => 'ack' as const,
          () => 'closed' as const,
        );
      again.socket.close();
      if (outcome === 'ack') break;
      if (Date.now() > deadline) throw new Error('the slot released on A never came free');
    }
    onB.socket.close();
  });
});
