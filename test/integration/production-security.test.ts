import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must } from '../support/graphql.ts';
import { SettingsQuery } from '../support/operations.ts';
import { openAcknowledgedSocket, openRawSocket, postQuery, postRaw } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

const ALLOWED_ORIGIN = 'https://till.example';
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ env: { NODE_ENV: 'production', ALLOWED_ORIGINS: ALLOWED_ORIGIN } });
});

afterAll(async () => {
  await stack?.close();
});

describe('production settings', () => {
  it('refuses introspection over HTTP and WebSocket', async () => {
    const http = await postQuery(stack.url, '{ __schema { types { name } } }');
    expect(http.status).toBe(400);
    expect(http.json?.errors?.[0]?.message).toMatch(/introspection/i);

    const socket = await openAcknowledgedSocket(stack.url, stack.staffToken);
    socket.send({ id: 'i', type: 'subscribe', payload: { query: '{ __type(name: "Order") { name } }' } });
    const error = await socket.message((message) => message.id === 'i' && message.type === 'error');
    expect(JSON.stringify(error)).toMatch(/introspection/i);
    socket.socket.close();
  });

  it('does not serve GraphiQL nor suggest field names', async () => {
    const page = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('GraphiQL');
    const typo = await postQuery(stack.url, '{ settings { versio } }');
    expect(typo.status).toBe(400);
    expect(typo.text).not.toMatch(/did you mean/i);
  });

  it('blocks cross-site requests a browser could send without a preflight (CSRF)', async () => {
    const form = await postRaw(
      stack.url,
      'query=mutation%20%7B%20createOrder%20%7B%20accessToken%20%7D%20%7D',
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    );
    expect(form.status).toBe(403);
    const get = await fetch(`${stack.url}?query=${encodeURIComponent('{ settings { version } }')}`);
    expect(get.status).toBe(403);
    const getWithHeader = await fetch(
      `${stack.url}?query=${encodeURIComponent('{ settings { version } }')}`,
      {
        headers: { 'x-graphql-csrf': '1' },
      },
    );
    expect(getWithHeader.status).toBe(200);
  });

  it('grants CORS and WebSocket upgrades to ALLOWED_ORIGINS only', async () => {
    const preflight = (origin: string) =>
      fetch(stack.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    expect((await preflight(ALLOWED_ORIGIN)).headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).not.toBe(
      'https://evil.example',
    );

    await expect(openRawSocket(stack.url, { headers: { origin: 'https://evil.example' } })).rejects.toThrow(
      /403|401/,
    );
    const allowed = await openRawSocket(stack.url, { headers: { origin: ALLOWED_ORIGIN } });
    allowed.socket.close();
    // Non-browser clients send no Origin and are unaffected.
    const { settings } = await must(stack.url, SettingsQuery);
    expect(settings.version).toBeGreaterThan(0);
  });
});

describe('subscriptions over HTTP', () => {
  it('are refused in production, where only WebSocket (with its caps) serves them', async () => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { settingsUpdated { version } }' }),
    });
    const text = await response.text();
    expect(text).toContain('subscriptions are served over WebSocket');
    const { settings } = await must(stack.url, SettingsQuery);
    expect(settings.version).toBeGreaterThan(0);
  });
});

describe('request ids', () => {
  it('echoes a plain caller-supplied x-request-id and replaces anything else', async () => {
    const kept = await postRaw(stack.url, JSON.stringify({ query: '{ settings { version } }' }), {
      headers: { 'x-request-id': 'till-7.req-42' },
    });
    expect(kept.headers.get('x-request-id')).toBe('till-7.req-42');
    const replaced = await postRaw(stack.url, JSON.stringify({ query: '{ settings { version } }' }), {
      headers: { 'x-request-id': 'x'.repeat(100) },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
