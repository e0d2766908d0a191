import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { JWT_SECRET, REDIS_URL } from '../support/env.ts';
import { newOrder, seedProducts } from '../support/fixtures.ts';
import { type ServerProcess, spawnServer } from '../support/process.ts';
import { openAcknowledgedSocket, postRaw, type RawResponse } from '../support/raw.ts';
import { uniquePrefix } from '../support/server.ts';

/** Stack frames, file paths, SQL or parser internals: what a production answer must never carry. */
const LEAKED_INTERNALS =
  /node_modules|\bat \S+ \(|\/src\/|\.ts:\d|SyntaxError|JSON at position|originalError|select |insert into|Did you mean/i;

let database: TestDatabase;
let server: ServerProcess;
let adminToken: string;
let orderId: string;
let productId: string;

const post = (body: unknown, options: { token?: string; requestId?: string } = {}) =>
  postRaw(server.url, typeof body === 'string' ? body : JSON.stringify(body), {
    token: options.token ?? adminToken,
    headers: options.requestId ? { 'x-request-id': options.requestId } : {},
  });

function firstError(response: RawResponse) {
  return response.json?.errors?.[0];
}

async function metricsText(): Promise<string> {
  return (await fetch(new URL('/metrics', server.url))).text();
}

/** Log lines written since `from`, parsed (every line must be JSON). */
function logLines(from: number): Record<string, unknown>[] {
  return server.logs.slice(from).map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeAll(async () => {
  database = await createTestDatabase();
  server = await spawnServer({
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL,
    CHANNEL_PREFIX: uniquePrefix(),
    JWT_SECRET,
    MIGRATE_ON_START: 'true',
    LOG_LEVEL: 'info',
    WS_MAX_PAYLOAD_BYTES: '200000',
    MAX_BODY_BYTES: '200000',
  });
  adminToken = await signToken(JWT_SECRET, { role: 'ADMIN', sub: 'taxonomy-admin' }, '1h');
  productId = (await seedProducts(server.url, adminToken, { Tea: '3.00' })).Tea!;
  orderId = (await newOrder(server.url, adminToken)).order.id;
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe('NUL bytes in text input are input errors naming the field', () => {
  const cases: { name: string; query: string; variables?: Record<string, unknown>; field: string }[] = [
    { name: 'product search', query: '{ products(search: "a\\u0000b") { nodes { id } } }', field: 'search' },
    {
      name: 'product search (variable)',
      query: 'query($s: String) { products(search: $s) { nodes { id } } }',
      variables: { s: 'a\u0000b' },
      field: 's',
    },
    {
      name: 'order search',
      query: '{ orders(filter: { search: "\\u0000" }) { nodes { id } } }',
      field: 'filter.search',
    },
    {
      name: 'category name',
      query: 'mutation { createCategory(input: { name: "Tea\\u0000" }) { __typename } }',
      field: 'input.name',
    },
    {
      name: 'product name (variable)',
      query: 'mutation($input: CreateProductInput!) { createProduct(input: $input) { __typename } }',
      variables: {
        input: { categoryId: '00000000-0000-4000-8000-000000000000', name: 'x\u0000', price: '1.00' },
      },
      field: 'input.name',
    },
    {
      name: 'item notes (variable)',
      query: 'mutation($input: AddItemInput!) { addItem(input: $input) { __typename } }',
      variables: { input: { orderId: 'ORDER', productId: 'PRODUCT', quantity: 1, notes: 'no\u0000ice' } },
      field: 'input.notes',
    },
    {
      name: 'cancel reason',
      query: 'mutation { cancelOrder(orderId: "ORDER", reason: "oops\\u0000") { __typename } }',
      field: 'reason',
    },
    {
      name: 'discount code (variable, nested in a list of values)',
      query:
        'query($s: [OrderStatus!], $t: String) { orders(filter: { statuses: $s, search: $t }) { nodes { id } } }',
      variables: { s: ['DRAFT'], t: '\u0000' },
      field: 't',
    },
  ];

  it.each(cases)('$name → BAD_INPUT naming $field, never DATABASE_UNAVAILABLE', async (testCase) => {
    const fill = (text: string) => text.replaceAll('ORDER', orderId).replaceAll('PRODUCT', productId);
    const variables = testCase.variables && JSON.parse(fill(JSON.stringify(testCase.variables)));
    const response = await post({ query: fill(testCase.query), variables });
    expect(response.status).toBeLessThan(500);
    expect(firstError(response)?.extensions).toMatchObject({ code: 'BAD_INPUT', field: testCase.field });
    expect(response.text).not.toMatch(LEAKED_INTERNALS);
    expect((await fetch(new URL('/ready', server.url))).status).toBe(200);
  });

  it('still stores the same text without the NUL byte', async () => {
    const response = await post({
      query: 'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { __typename } }',
      variables: { input: { name: 'Tea\u0001time' } },
    });
    expect(response.json?.errors).toBeUndefined();
  });
});

describe('instants outside what PostgreSQL stores are input errors', () => {
  it.each([
    '0000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '+010000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '-271821-04-20T00:00:00Z',
  ])(
    'orders(createdAfter: %s) and createDiscount(validFrom) answer a typed error, not INTERNAL',
    async (instant) => {
      const list = await post({
        query: 'query($t: DateTime) { orders(filter: { createdAfter: $t }) { nodes { id } } }',
        variables: { t: instant },
      });
      const literal = await post({
        query: `{ orders(filter: { createdAfter: "${instant}" }) { nodes { id } } }`,
      });
      const discount = await post({
        query:
          'mutation($input: CreateDiscountInput!) { createDiscount(input: $input) { __typename ... on InputError { field } } }',
        variables: { input: { code: `D${Date.now()}`, kind: 'PERCENT', value: '10', validFrom: instant } },
      });
      for (const response of [list, literal, discount]) {
        expect(response.status).toBeLessThan(500);
        expect(firstError(response)?.message).toMatch(/DateTime/);
        expect(firstError(response)?.extensions?.code).not.toMatch(/INTERNAL/);
      }
    },
  );

  it.each(['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '1970-01-01T00:00:00Z'])(
    'accepts the edge instant %s',
    async (instant) => {
      const response = await post({
        query: 'query($t: DateTime) { orders(filter: { createdAfter: $t }) { nodes { id } } }',
        variables: { t: instant },
      });
      expect(response.json?.errors).toBeUndefined();
    },
  );
});

describe('malformed requests are 400s that carry no internals', () => {
  it.each(['%7B', '%5B', 'x', '%22a', '1'])('GET /graphql?variables=%s answers 400', async (variables) => {
    const url = `${server.url}?query=${encodeURIComponent('{ settings { version } }')}&variables=${variables}`;
    const response = await fetch(url, { headers: { 'x-graphql-csrf': '1' } });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).not.toMatch(LEAKED_INTERNALS);
  });

  it.each(['{', '{"query": "{ settings { version } }", "variables": {', '[{]', '"\\u12"', '{"query":'])(
    'an invalid JSON body %j answers 400 without the parser message',
    async (body) => {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(firstError(response)?.extensions?.code).toBe('BAD_REQUEST');
      expect(response.text).not.toMatch(LEAKED_INTERNALS);
    },
  );

  it.each([
    ['an enum value', '{ orders(filter: { statuses: [PAI] }) { nodes { id } } }'],
    [
      'an enum value (variable)',
      'query($s: [OrderStatus!]) { orders(filter: { statuses: $s }) { nodes { id } } }',
    ],
    ['a field', '{ settings { versio } }'],
    ['an argument', '{ orders(frist: 1) { nodes { id } } }'],
    ['a type', 'query($s: Strin) { products(search: $s) { nodes { id } } }'],
  ])('with introspection off, a typo in %s gets no suggestion', async (_what, query) => {
    const response = await post({ query, variables: { s: ['PAI'] } });
    expect(response.json?.errors?.length).toBeGreaterThan(0);
    expect(response.text).not.toMatch(/did you mean|suggestion/i);
  });
});

describe('client errors are counted and logged as such; only faults are INTERNAL', () => {
  it('orders(first: 150) is BAD_INPUT for the client, the metric and the log (warn, with the request id)', async () => {
    const from = server.logs.length;
    const response = await post(
      { query: '{ orders(first: 150) { nodes { id } } }' },
      { requestId: 'first-150' },
    );
    expect(firstError(response)?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'first' });
    const metrics = await metricsText();
    expect(metrics).toMatch(
      /pos_graphql_operation_errors_total\{[^}]*field="orders",code="BAD_INPUT",kind="client"\} \d/,
    );
    expect(metrics).not.toMatch(/pos_graphql_operation_errors_total\{[^}]*kind="internal"\}/);
    expect(metrics).not.toMatch(/code="INTERNAL"/);
    const lines = logLines(from);
    expect(lines.find((line) => line.requestId === 'first-150')).toMatchObject({ level: 40 });
    expect(lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
  });

  it('nothing a client sent in this file was logged as an error or counted as a fault', async () => {
    expect(logLines(0).filter((line) => (line.level as number) >= 50)).toEqual([]);
    expect(await metricsText()).not.toMatch(/kind="internal"|pos_internal_errors_total\{[^}]*\} [1-9]/);
  });
});

describe('variables are bounded in depth and size on HTTP and WebSocket', () => {
  /** `[[[…]]]` as JSON text: built by hand, since JSON.stringify itself recurses and would overflow. */
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const withVariable = (message: Record<string, unknown>, name: string, json: string) =>
    JSON.stringify(message).replace(`"${name}":null`, `"${name}":${json}`);

  it.each([11, 100, 20_000])('variables nested %i deep answer LIMIT_EXCEEDED over HTTP', async (depth) => {
    const body = withVariable(
      { query: 'query($s: String) { products(search: $s) { nodes { id } } }', variables: { s: null } },
      's',
      nested(depth),
    );
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(firstError(response)?.extensions).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      limit: 'MAX_VARIABLES_DEPTH',
    });
  });

  it('more values than MAX_VARIABLES_VALUES answer LIMIT_EXCEEDED', async () => {
    const response = await post({
      query: 'query($s: [OrderStatus!]) { orders(filter: { statuses: $s }) { nodes { id } } }',
      variables: { s: Array.from({ length: 6_000 }, () => 'DRAFT') },
    });
    expect(firstError(response)?.extensions).toMatchObject({ limit: 'MAX_VARIABLES_VALUES' });
  });

  it('a cartUpdated subscribe with variables nested 20,000 deep is refused; the socket stays open', async () => {
    const socket = await openAcknowledgedSocket(server.url, adminToken);
    socket.send(
      withVariable(
        {
          id: 'deep',
          type: 'subscribe',
          payload: {
            query: 'subscription($orderId: ID!) { cartUpdated(orderId: $orderId) { id } }',
            variables: { orderId: null },
          },
        },
        'orderId',
        nested(20_000),
      ),
    );
    const refused = (await socket.message(
      (message) => message.id === 'deep' && message.type !== 'complete',
    )) as {
      payload: unknown;
    };
    expect(JSON.stringify(refused.payload)).toMatch(/MAX_VARIABLES_DEPTH/);
    socket.send({
      id: 'nul',
      type: 'subscribe',
      payload: {
        query: 'subscription($orderId: ID!) { cartUpdated(orderId: $orderId) { id } }',
        variables: { orderId: `${orderId}\u0000` },
      },
    });
    const nul = (await socket.message((message) => message.id === 'nul' && message.type !== 'complete')) as {
      payload: unknown;
    };
    expect(JSON.stringify(nul.payload)).toMatch(/BAD_INPUT/);
    socket.send({
      id: 'ok',
      type: 'subscribe',
      payload: { query: `subscription { cartUpdated(orderId: "${orderId}") { id } }` },
    });
    await socket.message((message) => message.id === 'ok' && message.type === 'next');
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);
    socket.socket.close();
  });

  it('an oversized WebSocket frame closes with 1009 and logs JSON only', async () => {
    const from = server.logs.length;
    const socket = await openAcknowledgedSocket(server.url, adminToken);
    socket.send({
      id: 'big',
      type: 'subscribe',
      payload: { query: `{ settings { version } } #${'x'.repeat(250_000)}` },
    });
    expect((await socket.closed()).code).toBe(1009);
    // The next request is answered (the server has handled the close), then the log is checked.
    expect((await fetch(new URL('/health', server.url))).status).toBe(200);
    expect(server.logs.slice(from).filter((line) => !line.startsWith('{'))).toEqual([]);
    expect(logLines(from).filter((line) => (line.level as number) >= 50)).toEqual([]);
  });
});
