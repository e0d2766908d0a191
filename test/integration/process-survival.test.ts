import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { JWT_SECRET, REDIS_URL } from '../support/env.ts';
import { newOrder } from '../support/fixtures.ts';
import { request } from '../support/graphql.ts';
import { UpdateSettings } from '../support/operations.ts';
import { type ServerProcess, spawnServer } from '../support/process.ts';
import { type RawHttpAnswer, sendRawHttp } from '../support/raw-http.ts';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.ts';
import { uniquePrefix } from '../support/server.ts';

/** Deterministic pseudo-random numbers (mulberry32): a failing case reproduces from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTES = [
  '/graphql',
  '/health',
  '/ready',
  '/metrics',
  '/live',
  '/live/kitchen',
  '/live/order/',
  '/live/order/00000000-0000-4000-8000-000000000000',
  '/live/assets/',
  '/live/assets/order-page.js',
  '/',
  '/nowhere',
];
/** Malformed percent-encodings, traversal, control and non-ASCII bytes: what a path decoder must survive. */
const PATH_PIECES = [
  '%',
  '%Z',
  '%ZZ',
  '%ff',
  '%E0%A4%A',
  '%C0%80',
  '%00',
  '%2F',
  '%2e%2e',
  '..',
  '//',
  'é',
  '\x7f',
  'ÿ',
];
const QUERY_PIECES = [
  'query=%7B%20settings%20%7B%20version%20%7D%20%7D',
  'query=%7B',
  'variables=%7B',
  'variables=%5B%5B%5B',
  'variables=null',
  'operationName=%ZZ',
  'extensions=%7B%22persistedQuery%22',
  '%ZZ=%ZZ',
  '=',
  '&&&',
  'a=%',
  'query=%00',
];
const HEADER_VALUES: Record<string, string[]> = {
  host: ['a b', '[::1', 'a:99999', '', ':', '[::1]:80', 'x'.repeat(300), 'localhost:0', 'é'],
  'content-type': [
    'application/json',
    'application/json; charset=utf-16',
    'text/plain',
    'multipart/form-data',
    ';;;',
    'application/x-www-form-urlencoded',
    'application/graphql+json',
  ],
  accept: ['text/html', 'text/event-stream', 'application/graphql-response+json', '*/*;q=x', ''],
  authorization: ['Bearer', 'Bearer %ZZ', 'Basic Og==', 'Bearer a.b.c', `Bearer ${'x'.repeat(2000)}`],
  'x-request-id': ['%ZZ', 'x'.repeat(500), 'a b'],
  'x-graphql-csrf': ['1', ''],
  'if-none-match': ['*', '"x"', 'W/"%ZZ"'],
  origin: ['null', 'http://evil.example', '%ZZ', 'http://[::1'],
  'accept-encoding': ['gzip;q=2', 'br, zstd, *'],
  upgrade: ['websocket', 'h2c'],
  'sec-websocket-version': ['13', '99'],
  'sec-websocket-key': ['%ZZ', 'dGhlIHNhbXBsZSBub25jZQ=='],
  'sec-websocket-protocol': ['graphql-transport-ws', 'graphql-ws', ',,,'],
};
const BODIES = [
  '',
  '{',
  '{"query":"{ settings { version } }"}',
  '{"query":"{ settings { version } }","variables":{"a":[[[[[[[[]]]]]]]]}}',
  '{"query":"{ products(search: \\"a\\u0000b\\") { nodes { id } } }"}',
  'query=%ZZ',
  '\u0000\u0001\u0002',
  '[]',
  'null',
];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];

interface FuzzedRequest {
  head: string;
  body: Buffer;
}

function fuzzedRequest(next: () => number): FuzzedRequest {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  let path = pick(ROUTES);
  for (let piece = Math.floor(next() * 3); piece > 0; piece--) path += pick(PATH_PIECES);
  const query = Array.from({ length: Math.floor(next() * 3) }, () => pick(QUERY_PIECES)).join('&');
  const target = query ? `${path}?${query}` : path;
  const headers = [`host: ${next() < 0.6 ? pick(HEADER_VALUES.host!) : 'localhost'}`];
  for (const [name, values] of Object.entries(HEADER_VALUES)) {
    if (name !== 'host' && next() < 0.3) headers.push(`${name}: ${pick(values)}`);
  }
  const method = pick(METHODS);
  const body = Buffer.from(method === 'GET' || method === 'HEAD' ? '' : pick(BODIES), 'utf8');
  if (body.length || next() < 0.5) headers.push(`content-length: ${body.length}`);
  return { head: `${method} ${target} HTTP/1.1\r\n${headers.join('\r\n')}`, body };
}

/** Stack frames, file paths or SQL in a response body: internals a production answer must never carry. */
const LEAKED_INTERNALS =
  /node_modules|\bat \S+ \(|\/src\/|\.ts:\d|TypeError|SyntaxError|select |insert into/i;

/** Log lines of failures that reached the process-level backstop instead of their owner. */
function escapedFailures(logs: readonly string[]): string[] {
  return logs.filter((line) => line.includes('"level":60'));
}

function isAlive(server: ServerProcess): boolean {
  return server.child.exitCode === null && server.child.signalCode === null;
}

const productionEnv = (databaseUrl: string, redisUrl: string) => ({
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  CHANNEL_PREFIX: uniquePrefix(),
  JWT_SECRET,
  MIGRATE_ON_START: 'true',
  LOG_LEVEL: 'info',
});

let database: TestDatabase;
let server: ServerProcess;
let adminToken: string;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await spawnServer(productionEnv(database.url, REDIS_URL));
  adminToken = await signToken(JWT_SECRET, { role: 'ADMIN', sub: 'survival-admin' }, '1h');
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe('a production process survives every request', () => {
  it.each(['GET /live/order/%ZZ', 'GET /live/order/%', 'GET /live/order/%E0%A4%A', 'HEAD /live/order/%ff'])(
    'answers %s with 404 and keeps serving',
    async (line) => {
      const answer = await sendRawHttp(server.port, `${line} HTTP/1.1\r\nhost: localhost`);
      expect(answer.status).toBe(404);
      expect(isAlive(server)).toBe(true);
      expect((await fetch(new URL('/health', server.url))).status).toBe(200);
    },
  );

  it.each(['a b', '[::1', 'a:99999', 'a/b', 'a@b:c@d', '[::1]:x'])(
    'answers Host %j with 400 naming no internals, on every route',
    async (host) => {
      for (const route of ['/graphql', '/health', '/live/kitchen', '/nowhere']) {
        const answer = await sendRawHttp(server.port, `GET ${route} HTTP/1.1\r\nhost: ${host}`);
        expect(answer.status, route).toBe(400);
        expect(answer.text).not.toMatch(LEAKED_INTERNALS);
      }
    },
  );

  it('answers 1,000 fuzzed paths, query strings and headers on every route without dying', async () => {
    const next = random(20261130);
    const failures: { request: string; answer: RawHttpAnswer }[] = [];
    for (let round = 0; round < 1_000; round++) {
      const fuzzed = fuzzedRequest(next);
      const answer = await sendRawHttp(server.port, fuzzed.head, fuzzed.body);
      // Node's parser closes a connection whose request it cannot parse at all; everything else is answered.
      if (answer.status !== undefined && answer.status >= 500)
        failures.push({ request: fuzzed.head, answer });
      expect(isAlive(server), `process died after:\n${fuzzed.head}`).toBe(true);
    }
    expect(failures.map(({ request, answer }) => `${request}\n→ ${answer.text.slice(0, 300)}`)).toEqual([]);
    expect((await fetch(new URL('/health', server.url))).status).toBe(200);
    // Operators ship the log as JSON lines: nothing else may reach stdout or stderr.
    expect(server.logs.filter((line) => !line.startsWith('{'))).toEqual([]);
    expect(escapedFailures(server.logs)).toEqual([]);
  });
});

describe('a production process survives its background failures', () => {
  let redis: PrivateRedis;
  let redisDatabase: TestDatabase;
  let withPrivateRedis: ServerProcess;

  beforeAll(async () => {
    [redisDatabase, redis] = await Promise.all([createTestDatabase(), startPrivateRedis()]);
    withPrivateRedis = await spawnServer(productionEnv(redisDatabase.url, redis.url));
  });

  afterAll(async () => {
    await withPrivateRedis?.stop();
    await redis?.kill();
    await redisDatabase?.drop();
  });

  it('keeps serving when a committed mutation cannot publish because Redis is down', async () => {
    await newOrder(withPrivateRedis.url, adminToken);
    await redis.kill();
    const logsBefore = withPrivateRedis.logs.length;
    const answer = await request(
      withPrivateRedis.url,
      UpdateSettings,
      { input: { taxRatePercent: '7', surchargePercent: '0' } },
      adminToken,
    );
    expect(answer.data?.updateSettings.__typename).toBe('Settings');
    // The publish failure is logged (not thrown into the void); wait for that line or the process's end.
    const deadline = Date.now() + 15_000;
    const failureLogged = () =>
      withPrivateRedis.logs
        .slice(logsBefore)
        .some((line) => line.includes('publishing committed changes failed'));
    while (!failureLogged() && isAlive(withPrivateRedis) && Date.now() < deadline) {
      await new Promise((resolve) => {
        const poll = setTimeout(resolve, 50);
        withPrivateRedis.child.once('exit', () => resolve(clearTimeout(poll)));
      });
    }
    expect(isAlive(withPrivateRedis), withPrivateRedis.logs.slice(logsBefore).join('\n')).toBe(true);
    expect(failureLogged()).toBe(true);
    // Surviving through the process-level backstop is not enough: the failure must have had an owner.
    expect(escapedFailures(withPrivateRedis.logs.slice(logsBefore))).toEqual([]);
    expect((await fetch(new URL('/health', withPrivateRedis.url))).status).toBe(200);
    await redis.start();
  });
});

describe('the process-level failure policy', () => {
  it('logs, counts and keeps running after a rejection and an exception that escaped their owners', async () => {
    const module = (path: string) =>
      JSON.stringify(fileURLToPath(new URL(`../../src/${path}`, import.meta.url)));
    const script = `
      import { keepServingOnEscapedFailures } from ${module('observability/process-faults.ts')};
      import { Metrics } from ${module('observability/metrics.ts')};
      import { createLogger } from ${module('logger.ts')};
      const metrics = new Metrics({ databaseUp: async () => true, pubsubUp: () => true });
      keepServingOnEscapedFailures({ logger: createLogger('info'), metrics });
      Promise.reject(new Error('escaped rejection'));
      setTimeout(() => { throw new Error('escaped exception'); }, 0);
      setTimeout(async () => {
        const counted = (await metrics.internalErrors.get()).values.map((v) => [v.labels.source, v.value]);
        console.log(JSON.stringify({ counted }));
      }, 20);
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(
      lines
        .filter((line) => line.level === 60)
        .map((line) => line.err.message)
        .sort(),
    ).toEqual(['escaped exception', 'escaped rejection']);
    expect(Object.fromEntries(lines.find((line) => line.counted)?.counted ?? [])).toEqual({
      unhandled_rejection: 1,
      uncaught_exception: 1,
    });
  });
});
