import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRawSocket } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let sameOrigin: string;

beforeAll(async () => {
  // Production without ALLOWED_ORIGINS: the README promises same-origin pages only.
  stack = await startStack({ env: { NODE_ENV: 'production' } });
  sameOrigin = new URL(stack.url).origin;
});

afterAll(async () => {
  await stack?.close();
});

describe('WebSocket upgrades in production without ALLOWED_ORIGINS', () => {
  it('refuses a page from a foreign origin before any frame is exchanged', async () => {
    const port = new URL(stack.url).port;
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${port}`,
      `http://127.0.0.2:${port}`,
      'null',
      `${sameOrigin}.evil.example`,
    ]) {
      await expect(openRawSocket(stack.url, { headers: { origin } }), origin).rejects.toThrow(/403/);
    }
  });

  it('lets a same-origin page and a client without Origin connect', async () => {
    for (const headers of [{ origin: sameOrigin }, {}] as Record<string, string>[]) {
      const socket = await openRawSocket(stack.url, { headers });
      socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${stack.staffToken}` } });
      await socket.message((message) => message.type === 'connection_ack');
      socket.socket.close();
    }
  });
});
