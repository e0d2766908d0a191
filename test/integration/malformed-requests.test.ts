import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    env: { MAX_ALIASES: '2', MAX_DIRECTIVES: '2', MAX_TOKENS: '60', MAX_QUERY_DEPTH: '3' },
  });
});

afterAll(async () => {
  await stack?.close();
});

const ACCEPTS = [
  'application/json',
  '*/*',
  'application/graphql-response+json',
  'application/graphql-response+json, application/json',
] as const;

const QUERY = JSON.stringify({ query: '{ settings { version } }' });

async function post(accept: string, body: BodyInit, headers: Record<string, string> = {}) {
  const response = await fetch(stack.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept,
      authorization: `Bearer ${stack.staffToken}`,
      ...headers,
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Requests that are not well-formed GraphQL-over-HTTP requests: the GraphQL over HTTP spec answers them with a
 * 4xx whatever media type the client accepts.
 */
const MALFORMED: {
  name: string;
  body: BodyInit;
  headers?: Record<string, string>;
  status: number;
}[] = [
  { name: 'a truncated JSON body', body: '{"query":', status: 400 },
  { name: 'a body that is not JSON', body: 'NONSENSE', status: 400 },
  { name: 'an empty body', body: '', status: 400 },
  { name: 'JSON null', body: 'null', status: 400 },
  { name: 'a JSON number', body: '42', status: 400 },
  { name: 'no query', body: '{}', status: 400 },
  { name: 'a query that is not a string', body: '{"query":42}', status: 400 },
  { name: 'an unknown parameter', body: '{"qeury":"{ settings { version } }"}', status: 400 },
  {
    name: 'variables that are not an object',
    body: '{"query":"{ settings { version } }","variables":"x"}',
    status: 400,
  },
  { name: 'a gzip body', body: gzipSync(QUERY), headers: { 'content-encoding': 'gzip' }, status: 415 },
  {
    name: 'a deflate body',
    body: deflateSync(QUERY),
    headers: { 'content-encoding': 'deflate' },
    status: 415,
  },
  {
    name: 'a brotli body',
    body: brotliCompressSync(QUERY),
    headers: { 'content-encoding': 'br' },
    status: 415,
  },
  {
    name: 'an unknown content coding',
    body: QUERY,
    headers: { 'content-encoding': 'x-whatever' },
    status: 415,
  },
];

describe('a request that is not well-formed GraphQL over HTTP is a 4xx under every accepted media type', () => {
  for (const malformed of MALFORMED) {
    it.each(ACCEPTS)(`${malformed.name}, accepting %s`, async (accept) => {
      const response = await post(accept, malformed.body, malformed.headers);
      expect(response.status, response.text).toBe(malformed.status);
    });
  }

  it('still serves an uncompressed body marked with the identity coding', async () => {
    const response = await post('application/json', QUERY, { 'content-encoding': 'identity' });
    expect(response.status, response.text).toBe(200);
  });
});

/**
 * Well-formed requests whose document fails to parse or validate: 200 with the errors under `application/json`
 * (the spec keeps that for legacy clients), 400 under `application/graphql-response+json`.
 */
const DOCUMENT_ERRORS: { name: string; query: string }[] = [
  { name: 'a syntax error', query: '{ settings { ' },
  { name: 'an unknown field', query: '{ nope }' },
  {
    name: 'too many aliases (MAX_ALIASES)',
    query: '{ a: settings { version } b: settings { version } c: settings { version } }',
  },
  {
    name: 'too many directives (MAX_DIRECTIVES)',
    query: '{ settings @skip(if: false) @include(if: true) @skip(if: false) { version } }',
  },
  { name: 'too many tokens (MAX_TOKENS)', query: `{ settings { ${'version '.repeat(70)}} }` },
  { name: 'too deep (MAX_QUERY_DEPTH)', query: '{ orders { nodes { items { product { name } } } } }' },
];

describe('a well-formed request whose document is refused', () => {
  it.each(DOCUMENT_ERRORS)(
    '$name: 200 under application/json, 400 under graphql-response+json',
    async ({ query }) => {
      const body = JSON.stringify({ query });
      const legacy = await post('application/json', body);
      expect(legacy.status, legacy.text).toBe(200);
      expect(JSON.parse(legacy.text).errors.length).toBeGreaterThan(0);
      const modern = await post('application/graphql-response+json', body);
      expect(modern.status, modern.text).toBe(400);
    },
  );
});

describe('variables over MAX_VARIABLES_DEPTH or MAX_VARIABLES_VALUES', () => {
  const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });
  it.each(ACCEPTS)('are a 400 accepting %s', async (accept) => {
    const body = JSON.stringify({ query: '{ settings { version } }', variables: { deep: nested(12) } });
    const response = await post(accept, body);
    expect(response.status, response.text).toBe(400);
    expect(JSON.parse(response.text).errors[0].extensions.limit).toBe('MAX_VARIABLES_DEPTH');
  });
});
