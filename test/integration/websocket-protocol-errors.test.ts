import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMetric } from '../support/metrics.ts';
import { openAcknowledgedSocket, openRawSocket, type RawSocket } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

/** pino's numeric levels. */
const INFO = 30;
const ERROR = 50;

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ captureLogs: true });
});

afterAll(async () => {
  await stack?.close();
});

function errorLogs(from: number) {
  return stack.logs.slice(from).filter((line) => Number(line.level) >= ERROR);
}

/** Frames only a server may send: well-formed, but a protocol violation coming from a client. */
const SERVER_ONLY_FRAMES: [string, unknown][] = [
  ['connection_ack', { type: 'connection_ack' }],
  ['connection_ack with a payload', { type: 'connection_ack', payload: {} }],
  ['next', { type: 'next', id: '1', payload: { data: null } }],
  ['error', { type: 'error', id: '1', payload: [{ message: 'boom' }] }],
];

/** Frames that are not graphql-transport-ws messages at all. */
const INVALID_FRAMES: [string, unknown][] = [
  ['next without id', { type: 'next' }],
  ['not JSON', '{"type":'],
  ['a JSON array', '[1,2]'],
  ['JSON null', 'null'],
  ['a number', '42'],
  ['no type', {}],
  ['a numeric type', { type: 7 }],
  ['an unknown type', { type: 'bogus' }],
  ['a legacy graphql-ws type', { type: 'start', id: '1', payload: { query: '{ settings { version } }' } }],
  ['ping with a string payload', { type: 'ping', payload: 'x' }],
  ['complete without id', { type: 'complete' }],
  [
    'subscribe with an empty id',
    { type: 'subscribe', id: '', payload: { query: '{ settings { version } }' } },
  ],
  ['subscribe without payload', { type: 'subscribe', id: 'a' }],
  ['subscribe with a numeric query', { type: 'subscribe', id: 'a', payload: { query: 7 } }],
];

async function expectClientMistake(socket: RawSocket, frame: unknown, from: number) {
  socket.send(frame);
  const closed = await socket.closed();
  expect(closed.code).toBe(4400);
  expect(errorLogs(from)).toEqual([]);
  const refusal = stack.logs
    .slice(from)
    .find((line) => Number(line.level) >= INFO && line.msg === 'websocket frame refused');
  expect(refusal).toBeDefined();
  expect(refusal!.level).toBeLessThan(ERROR);
  expect(refusal!.requestId).toEqual(expect.any(String));
}

describe('frames a client must not send close with 4400 (bad request), never as a server fault', () => {
  it.each([
    ...SERVER_ONLY_FRAMES.map(([name, frame]) => [name, frame, 'server_only_message'] as const),
    ...INVALID_FRAMES.map(([name, frame]) => [name, frame, 'invalid_message'] as const),
  ])('after the ack: %s', async (_name, frame, reason) => {
    const labels = { kind: 'client', reason };
    const counted = await scrapeMetric(stack.url, 'pos_websocket_protocol_errors_total', labels);
    const from = stack.logs.length;
    const socket = await openAcknowledgedSocket(stack.url, stack.staffToken);
    await expectClientMistake(socket, frame, from);
    expect(await scrapeMetric(stack.url, 'pos_websocket_protocol_errors_total', labels)).toBe(counted + 1);
  });

  it.each(SERVER_ONLY_FRAMES)('before connection_init: %s', async (_name, frame) => {
    const from = stack.logs.length;
    const socket = await openRawSocket(stack.url);
    await expectClientMistake(socket, frame, from);
  });

  it('closes on random frames with a 4xxx code other than 4500 and logs no error', async () => {
    let seed = 20261130;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const junk = (length: number) =>
      Array.from({ length }, () => String.fromCharCode(Math.floor(next() * 0x2fff))).join('');
    const types = [
      'connection_init',
      'connection_ack',
      'ping',
      'pong',
      'subscribe',
      'next',
      'error',
      'complete',
    ];
    const values = () =>
      pick([
        undefined,
        null,
        0,
        '',
        junk(3),
        [],
        [{ message: junk(2) }],
        {},
        { query: junk(5) },
        { data: null },
      ]);
    const frame = () => {
      const shape = next();
      if (shape < 0.15) return junk(1 + Math.floor(next() * 40));
      if (shape < 0.25) return JSON.stringify(values());
      const id = pick(['1', 'x', junk(3), '', 0, undefined]);
      return JSON.stringify({ type: pick([...types, junk(2)]), id, payload: values() });
    };
    const from = stack.logs.length;
    for (let round = 0; round < 40; round++) {
      const socket = await openAcknowledgedSocket(stack.url, stack.staffToken);
      for (let sent = 0; sent < 6 && socket.socket.readyState === socket.socket.OPEN; sent++) {
        socket.send(frame());
        // A ping answered means the frame was accepted; otherwise the socket closes.
        socket.send({ type: 'ping', payload: { round, sent } });
        await socket
          .message(
            (message) => message.type === 'pong' && (message.payload as { sent?: number })?.sent === sent,
          )
          .catch(() => undefined);
      }
      socket.socket.close();
      const closed = await socket.closed();
      expect(closed.code).not.toBe(4500);
    }
    expect(errorLogs(from)).toEqual([]);
  });
});

describe('errors sent over WebSocket carry no HTTP transport details', () => {
  it.each([
    ['a syntax error', '{ settings { '],
    ['a validation error', '{ nope }'],
    ['an unknown operation', 'query A { settings { version } }', 'B'],
  ])('%s', async (_name, query, operationName?: string) => {
    const socket = await openAcknowledgedSocket(stack.url, stack.staffToken);
    socket.send({ id: 'x', type: 'subscribe', payload: { query, operationName } });
    const answer = (await socket.message(
      (message) => message.id === 'x' && (message.type === 'error' || message.type === 'next'),
    )) as { payload: { extensions?: unknown }[] | { errors?: { extensions?: Record<string, unknown> }[] } };
    const errors = Array.isArray(answer.payload) ? answer.payload : (answer.payload.errors ?? []);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect((error.extensions as Record<string, unknown> | undefined)?.http).toBeUndefined();
    }
    socket.socket.close();
  });
});
