import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let origin: string;

beforeAll(async () => {
  stack = await startStack();
  origin = new URL(stack.url).origin;
});

afterAll(async () => {
  await stack?.close();
});

describe('live pages served by the API', () => {
  it('serves the customer page for an order id with a strict content security policy', async () => {
    const response = await fetch(`${origin}/live/order/6f1c2b6e-8d4c-4f4a-9a57-0c0d3c1e2f10`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await response.text()).toContain('src="/live/assets/order.js"');
  });

  it('serves the kitchen board page', async () => {
    const response = await fetch(`${origin}/live/kitchen`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('src="/live/assets/kitchen.js"');
    expect((await fetch(`${origin}/live/assets/kitchen.js`)).status).toBe(200);
  });

  it('serves the bundled scripts and stylesheet, and answers a revalidation with 304', async () => {
    const script = await fetch(`${origin}/live/assets/order.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await script.text()).length).toBeGreaterThan(1000);
    const etag = script.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${origin}/live/assets/order.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);

    const css = await fetch(`${origin}/live/assets/live.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for an order path that cannot name an order and for unknown assets', async () => {
    expect((await fetch(`${origin}/live/order/not-an-id`)).status).toBe(404);
    expect((await fetch(`${origin}/live/assets/secrets.js`)).status).toBe(404);
    expect((await fetch(`${origin}/live/../package.json`)).status).not.toBe(200);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await fetch(`${origin}/live/assets/order.js`, { method: 'POST' });
    expect(response.status).toBe(405);
  });
});
