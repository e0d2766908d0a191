import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { JWT_SECRET } from '../support/env.ts';
import { newOrder, seedProducts } from '../support/fixtures.ts';
import { live, must, request, wsClient } from '../support/graphql.ts';
import { scrapeMetric } from '../support/metrics.ts';
import { AddItem, CartUpdated, SettingsHistory, SettingsQuery } from '../support/operations.ts';
import {
  openAcknowledgedSocket,
  openRawSocket,
  postQuery,
  postRaw,
  type RawResponse,
} from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

/** Small limits so each can be crossed cheaply; every test ends by checking that the server still serves. */
const LIMITS = {
  MAX_QUERY_DEPTH: '5',
  MAX_QUERY_COST: '100',
  MAX_ALIASES: '3',
  MAX_TOKENS: '400',
  MAX_DIRECTIVES: '4',
  MAX_BODY_BYTES: '20000',
  WS_MAX_PAYLOAD_BYTES: '4096',
  WS_CONNECTION_INIT_TIMEOUT_MS: '300',
  MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
  MAX_CONNECTIONS_PER_USER: '2',
  MUTATION_RATE_LIMIT: '20',
  MUTATION_RATE_WINDOW_MS: '3600000',
  MAX_PAGE_SIZE: '10',
  MAX_QUANTITY: '50',
};

let stack: TestStack;
let products: Record<string, string>;

const tokenFor = (sub: string) => signToken(JWT_SECRET, { role: 'STAFF', sub }, '1h');

beforeAll(async () => {
  stack = await startStack({ env: LIMITS });
  products = await seedProducts(stack.url, stack.adminToken, { Tea: '2.00' });
});

afterAll(async () => {
  await stack?.close();
});

async function stillServes(): Promise<void> {
  const { settings } = await must(stack.url, SettingsQuery);
  expect(settings.currency).toBeTruthy();
}

function firstError(response: RawResponse) {
  return response.json?.errors?.[0];
}

function expectLimit(response: RawResponse, limit: string, status = 400): void {
  expect(response.status).toBe(status);
  expect(response.json?.errors?.map((error) => error.extensions?.limit)).toContain(limit);
  const error = response.json?.errors?.find((candidate) => candidate.extensions?.limit === limit);
  expect(error?.message).toContain(limit);
}

describe('query shape limits (HTTP)', () => {
  it('accepts the operations real clients send', async () => {
    const { order, customerToken } = await newOrder(stack.url);
    const added = await request(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Tea!, quantity: 1 } },
      customerToken,
    );
    expect(added.errors).toBeUndefined();
  });

  it('rejects an operation deeper than MAX_QUERY_DEPTH', async () => {
    const response = await postQuery(
      stack.url,
      '{ __type(name: "Order") { fields { type { fields { type { fields { name } } } } } } }',
    );
    expectLimit(response, 'MAX_QUERY_DEPTH');
    await stillServes();
  });

  it('rejects an operation costlier than MAX_QUERY_COST', async () => {
    // Within the depth limit, but wide at depth (armor weighs deeper fields more).
    const type = 'fields { name description type { name kind ofType { name kind description } } }';
    const response = await postQuery(
      stack.url,
      `{ a: __type(name: "Order") { ${type} } b: __type(name: "Product") { ${type} } c: __type(name: "Query") { ${type} } }`,
    );
    expectLimit(response, 'MAX_QUERY_COST');
    await stillServes();
  });

  it('rejects more aliases than MAX_ALIASES', async () => {
    const response = await postQuery(
      stack.url,
      '{ a: settings { version } b: settings { version } c: settings { version } d: settings { version } }',
    );
    expectLimit(response, 'MAX_ALIASES');
    await stillServes();
  });

  it('rejects more directives than MAX_DIRECTIVES', async () => {
    const skip = '@skip(if: false)';
    const response = await postQuery(
      stack.url,
      `{ settings { a: version ${skip} b: currency ${skip} c: version ${skip} d: currency ${skip} e: version ${skip} } }`,
    );
    expectLimit(response, 'MAX_DIRECTIVES');
    await stillServes();
  });

  it('stops parsing at MAX_TOKENS', async () => {
    const response = await postQuery(stack.url, `{ settings { ${'version '.repeat(500)}} }`);
    expectLimit(response, 'MAX_TOKENS');
    await stillServes();
  });

  it('refuses a body over MAX_BODY_BYTES with 413, declared or streamed', async () => {
    const big = JSON.stringify({ query: '{ settings { version } }', variables: { pad: 'x'.repeat(30_000) } });
    const declared = await postRaw(stack.url, big);
    expect(declared.status).toBe(413);
    expect(firstError(declared)?.extensions?.limit).toBe('MAX_BODY_BYTES');
    const streamed = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    await streamed.body?.cancel();
    await stillServes();
  });
});

describe('input bounds', () => {
  it('names the field when a page, quantity or string is out of bounds', async () => {
    const page = await request(stack.url, SettingsHistory, { first: 11 }, stack.staffToken);
    expect(page.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'first' });

    const { order, customerToken } = await newOrder(stack.url);
    const tooMany = await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Tea!, quantity: 51 } },
      customerToken,
    );
    expect(tooMany.addItem).toMatchObject({ __typename: 'InputError', field: 'quantity' });
    const longNotes = await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Tea!, quantity: 1, notes: 'n'.repeat(501) } },
      customerToken,
    );
    expect(longNotes.addItem).toMatchObject({ __typename: 'InputError', field: 'notes' });
    await stillServes();
  });
});

/**
 * GraphQL over HTTP: a request the server refuses before executing it is a 4xx for a client that accepts
 * `application/graphql-response+json`, and a 200 carrying the errors for one that accepts only `application/json`
 * (or anything). Limits enforced before GraphQL sees the request keep their HTTP status for every client.
 */
describe('limit rejections per accepted media type', () => {
  const ACCEPTS = [
    { accept: 'application/graphql-response+json', type: 'application/graphql-response+json', refused: 400 },
    { accept: 'application/json', type: 'application/json', refused: 200 },
    {
      accept: 'application/graphql-response+json, application/json',
      type: 'application/graphql-response+json',
      refused: 400,
    },
    { accept: '*/*', type: 'application/json', refused: 200 },
  ];
  const deep = JSON.stringify({
    query: '{ __type(name: "Order") { fields { type { fields { type { fields { name } } } } } } }',
  });

  it.each(ACCEPTS)(
    'answers a query over MAX_QUERY_DEPTH to "$accept" with $refused',
    async ({ accept, type, refused }) => {
      const response = await postRaw(stack.url, deep, { headers: { accept } });
      expect(response.headers.get('content-type')).toContain(type);
      expectLimit(response, 'MAX_QUERY_DEPTH', refused);
    },
  );

  it.each(ACCEPTS)(
    'answers a body over MAX_BODY_BYTES to "$accept" with 413 in that media type',
    async ({ accept, type }) => {
      const big = JSON.stringify({
        query: '{ settings { version } }',
        variables: { pad: 'x'.repeat(30_000) },
      });
      const response = await postRaw(stack.url, big, { headers: { accept } });
      expect(response.headers.get('content-type')).toContain(type);
      expectLimit(response, 'MAX_BODY_BYTES', 413);
    },
  );

  it('answers every client over MUTATION_RATE_LIMIT with 429 and Retry-After', async () => {
    const token = await tokenFor('media-types');
    const mutation = JSON.stringify({ query: 'mutation { createOrder { order { id } } }' });
    for (let attempt = 0; attempt < Number(LIMITS.MUTATION_RATE_LIMIT); attempt++) {
      expect((await postRaw(stack.url, mutation, { token })).status).toBe(200);
    }
    for (const { accept, type } of ACCEPTS) {
      const response = await postRaw(stack.url, mutation, { token, headers: { accept } });
      expect({ accept, status: response.status }).toEqual({ accept, status: 429 });
      expect(response.headers.get('content-type')).toContain(type);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(firstError(response)?.extensions?.retryAfterSeconds).toBe(
        Number(response.headers.get('retry-after')),
      );
    }
  });
});

describe('mutation rate', () => {
  it('answers 429 over MUTATION_RATE_LIMIT for that user only', async () => {
    const flooder = await tokenFor('flooder');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 21; attempt++) {
      statuses.push(
        (await postQuery(stack.url, 'mutation { createOrder { order { id } } }', {}, flooder)).status,
      );
    }
    expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
    const refused = await postQuery(stack.url, 'mutation { createOrder { order { id } } }', {}, flooder);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(firstError(refused)?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      limit: 'MUTATION_RATE_LIMIT',
      retryAfterSeconds: retryAfter,
    });
    // Queries are not rate limited, and another user still mutates.
    await stillServes();
    const other = await postQuery(
      stack.url,
      'mutation { createOrder { order { id } } }',
      {},
      await tokenFor('calm'),
    );
    expect(other.status).toBe(200);
  });

  it("spends a guest's allowance on its order, never its creator's", async () => {
    const staff = await tokenFor('till-owner');
    const { order, customerToken } = await newOrder(stack.url, staff);
    const addTea = JSON.stringify({
      query: print(AddItem),
      variables: { input: { orderId: order.id, productId: products.Tea!, quantity: 1 } },
    });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 21; attempt++) {
      statuses.push((await postRaw(stack.url, addTea, { token: customerToken })).status);
    }
    expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    const staffStill = await postQuery(stack.url, 'mutation { createOrder { order { id } } }', {}, staff);
    expect(staffStill.status).toBe(200);
  });

  it('closes a WebSocket with 4008 and the wait over MUTATION_RATE_LIMIT', async () => {
    const flooder = await tokenFor('ws-flooder');
    const socket = await openAcknowledgedSocket(stack.url, flooder);
    for (let id = 0; id < 21; id++) {
      socket.send({
        id: String(id),
        type: 'subscribe',
        payload: { query: 'mutation { createOrder { order { id } } }' },
      });
    }
    const closed = await socket.closed();
    expect(closed.code).toBe(4008);
    expect(closed.reason).toMatch(/MUTATION_RATE_LIMIT.*retry after \d+ s/);
    await stillServes();
  });
});

describe('WebSocket limits', () => {
  it('closes a socket that sends no connection_init within WS_CONNECTION_INIT_TIMEOUT_MS', async () => {
    const socket = await openRawSocket(stack.url);
    expect((await socket.closed(5_000)).code).toBe(4408);
  });

  it('closes a socket whose frame exceeds WS_MAX_PAYLOAD_BYTES with 1009', async () => {
    const socket = await openAcknowledgedSocket(stack.url, stack.staffToken);
    socket.send({
      id: '1',
      type: 'subscribe',
      payload: { query: `{ settings { version } } #${'x'.repeat(5_000)}` },
    });
    expect((await socket.closed()).code).toBe(1009);
    await stillServes();
  });

  it('refuses a subscription over MAX_SUBSCRIPTIONS_PER_CONNECTION and keeps the others', async () => {
    const token = await tokenFor('subscriber');
    const client = wsClient(stack.url, token);
    const { order } = await newOrder(stack.url, token);
    const first = live(client, CartUpdated, { orderId: order.id });
    const second = live(client, CartUpdated, { orderId: order.id });
    await first.waitFor(() => true);
    await second.waitFor(() => true);
    const third = live(client, CartUpdated, { orderId: order.id });
    expect(JSON.stringify(await third.waitForError())).toContain('MAX_SUBSCRIPTIONS_PER_CONNECTION');
    await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Tea!, quantity: 2 } },
      token,
    );
    await first.waitFor((value) => value.cartUpdated.itemCount === 2);
    expect(
      await scrapeMetric(stack.url, 'pos_limit_rejections_total', { limit: 'subscriptions_per_connection' }),
    ).toBeGreaterThan(0);
    first.stop();
    second.stop();
    await client.dispose();
  });

  it('closes a connection over MAX_CONNECTIONS_PER_USER with 4008', async () => {
    const token = await tokenFor('many-tabs');
    const a = await openAcknowledgedSocket(stack.url, token);
    const b = await openAcknowledgedSocket(stack.url, token);
    const c = await openRawSocket(stack.url);
    c.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    const closed = await c.closed();
    expect(closed.code).toBe(4008);
    expect(closed.reason).toContain('MAX_CONNECTIONS_PER_USER');
    // Once one closes, the user may connect again.
    a.socket.close();
    await a.closed();
    const d = await openAcknowledgedSocket(stack.url, token);
    d.socket.close();
    b.socket.close();
  });

  it('counts a guest against its order, never against the staff member who created it', async () => {
    const staff = await tokenFor('order-taker');
    const { customerToken } = await newOrder(stack.url, staff);
    const guestSockets = [
      await openAcknowledgedSocket(stack.url, customerToken),
      await openAcknowledgedSocket(stack.url, customerToken),
    ];
    const third = await openRawSocket(stack.url);
    third.send({ type: 'connection_init', payload: { authorization: `Bearer ${customerToken}` } });
    expect((await third.closed()).code).toBe(4008);
    // The staff member still has every slot, and another guest of the same staff member its own.
    const staffSockets = [
      await openAcknowledgedSocket(stack.url, staff),
      await openAcknowledgedSocket(stack.url, staff),
    ];
    const other = await newOrder(stack.url, staff);
    const otherGuest = await openAcknowledgedSocket(stack.url, other.customerToken);
    for (const socket of [...guestSockets, ...staffSockets, otherGuest]) socket.socket.close();
  });

  it('applies query shape limits to WebSocket operations too', async () => {
    const socket = await openAcknowledgedSocket(stack.url, stack.staffToken);
    socket.send({
      id: 'deep',
      type: 'subscribe',
      payload: {
        query: '{ __type(name: "Order") { fields { type { fields { type { fields { name } } } } } } }',
      },
    });
    const error = await socket.message((message) => message.id === 'deep' && message.type === 'error');
    expect(JSON.stringify(error)).toContain('MAX_QUERY_DEPTH');
    socket.send({ id: 'ok', type: 'subscribe', payload: { query: print(SettingsQuery) } });
    await socket.message((message) => message.id === 'ok' && message.type === 'next');
    socket.socket.close();
  });
});
