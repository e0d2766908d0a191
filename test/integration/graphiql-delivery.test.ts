import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../support/server.ts';

/** GraphiQL is about 9 MB with every asset inline; compressed it must be a fraction of that. */
const COMPRESSED_AT_MOST_BYTES = 3_000_000;

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ env: { GRAPHIQL: 'true' } });
});

afterAll(async () => {
  await stack?.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as sent, before any decoding. */
  body: Buffer;
}

/** GET /graphql as a browser navigating to it, with `headers` added; the body is not decoded. */
function loadPage(headers: Record<string, string>): Promise<Answer> {
  const url = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        headers: { accept: 'text/html', ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function decoded(answer: Answer): string {
  const coding = answer.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(answer.body).toString('utf8');
  if (coding === 'gzip') return gunzipSync(answer.body).toString('utf8');
  return answer.body.toString('utf8');
}

describe('GraphiQL is served compressed and revalidated, not downloaded whole on every load', () => {
  it.each([
    ['br', 'gzip, deflate, br, zstd'],
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip', 'gzip, br;q=0'],
    ['gzip', 'deflate, gzip;q=0.5'],
    ['gzip', 'gzip, br;q=0.5'],
    ['br', '*'],
  ])('sends %s for Accept-Encoding: %s', async (coding, acceptEncoding) => {
    const [plain, compressed] = await Promise.all([
      loadPage({}),
      loadPage({ 'accept-encoding': acceptEncoding }),
    ]);
    expect(compressed.status).toBe(200);
    expect(compressed.headers['content-encoding']).toBe(coding);
    expect(compressed.headers.vary).toMatch(/accept-encoding/i);
    expect(compressed.body.length).toBeLessThan(COMPRESSED_AT_MOST_BYTES);
    expect(Number(compressed.headers['content-length'])).toBe(compressed.body.length);
    expect(decoded(compressed)).toBe(plain.body.toString('utf8'));
  });

  it('sends the page as it is to a client that accepts no coding', async () => {
    const variants: Record<string, string>[] = [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'compress, *;q=0' },
    ];
    for (const headers of variants) {
      const page = await loadPage(headers);
      expect(page.status).toBe(200);
      expect(page.headers['content-encoding']).toBeUndefined();
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body.toString('utf8')).toContain('<title>Live POS API</title>');
    }
  });

  it('answers 304 without a body when the browser already holds the page, per coding', async () => {
    for (const acceptEncoding of ['br', 'gzip', 'identity']) {
      const first = await loadPage({ 'accept-encoding': acceptEncoding });
      const etag = first.headers.etag;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      const again = await loadPage({ 'accept-encoding': acceptEncoding, 'if-none-match': String(etag) });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      const stale = await loadPage({
        'accept-encoding': acceptEncoding,
        'if-none-match': '"something-else"',
      });
      expect(stale.status).toBe(200);
    }
    const [br, gzip] = await Promise.all([
      loadPage({ 'accept-encoding': 'br' }),
      loadPage({ 'accept-encoding': 'gzip' }),
    ]);
    expect(br.headers.etag).not.toBe(gzip.headers.etag);
  });
});
