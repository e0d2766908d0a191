import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { LimitClose } from '../../src/http/limit-close.ts';
import { openRawSocket } from '../support/raw.ts';

/** `LimitClose` on a real socket, with operations that never end: the grace bounds the wait. */
let server: WebSocketServer;
let url: string;
const accepted: WebSocket[] = [];

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (socket) => accepted.push(socket));
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const refusal = new GraphQLError('over the limit', { extensions: { code: 'RATE_LIMITED', limit: 'X' } });

describe('closing a socket for a limit', () => {
  it('closes after the grace when running operations do not end, refusing new ones meanwhile', async () => {
    const client = await openRawSocket(url);
    const socket = accepted.at(-1)!;
    const limitClose = new LimitClose(socket, 300, () => new Promise<void>(() => {}));
    const startedAt = Date.now();
    expect(limitClose.begin({ code: 4008, reason: 'rate limited', refusal })).toBe(true);
    expect(limitClose.begin({ code: 4011, reason: 'token expired', refusal })).toBe(false);
    limitClose.refuse('late');
    const closed = await client.closed(5_000);
    expect(closed).toEqual({ code: 4008, reason: 'rate limited' });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
    expect(client.messages).toEqual([
      { id: 'late', type: 'error', payload: [{ message: 'over the limit', extensions: refusal.extensions }] },
    ]);
  });

  it('closes as soon as the running operations have ended', async () => {
    const client = await openRawSocket(url);
    const socket = accepted.at(-1)!;
    new LimitClose(socket, 60_000, async () => {}).begin({ code: 4011, reason: 'token expired', refusal });
    expect(await client.closed(5_000)).toEqual({ code: 4011, reason: 'token expired' });
  });

  it('withholds the frames of the operations it was told to', () => {
    const limitClose = new LimitClose(accepted[0]!, 0, async () => {});
    expect(limitClose.withholds('{"id":"board","type":"complete"}')).toBe(false);
    limitClose.withhold('board');
    expect(limitClose.withholds('{"id":"board","type":"complete"}')).toBe(true);
    expect(limitClose.withholds('{"id":"q1","type":"next","payload":{}}')).toBe(false);
  });
});
