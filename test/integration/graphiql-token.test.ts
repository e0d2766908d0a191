import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnServer } from '../support/process.ts';

/**
 * The embedded default pre-fills GraphiQL with a development ADMIN token. That page must reach only the person
 * at this machine's browser: never a page of another site reading it with `fetch` (CORS), never a site whose
 * name was pointed at 127.0.0.1 (DNS rebinding), never another device on the shop's network (HOST=0.0.0.0).
 */
let workDir: string;
let server: ServerProcess;
let port: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'pos-graphiql-token-'));
  // Opened to the network as the README describes for a shop's other devices.
  server = await spawnServer({ HOST: '0.0.0.0' }, { cwd: workDir });
  port = new URL(server.url).port;
});

afterAll(async () => {
  await server?.stop();
  await rm(workDir, { recursive: true, force: true });
});

/** GET /graphql as a browser would send it: `host` to connect to, and the headers it would add. */
function page(host: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host, port, path: '/graphql', headers: { accept: 'text/html', ...headers } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function lanAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

const NAVIGATION = { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };

describe('the development admin token in GraphiQL', () => {
  it('is pre-filled for a page opened in a browser on this machine, and for curl here', async () => {
    const typed = await page('127.0.0.1', NAVIGATION);
    expect(typed.status).toBe(200);
    expect(typed.body.includes('Bearer ey'), 'the page holds the token').toBe(true);
    const local = await page('localhost', {});
    expect(local.body.includes('Bearer ey'), 'the page holds the token').toBe(true);
  });

  it.each([
    [
      'a page of another site reading it with fetch',
      { origin: 'http://localhost:4150', 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors' },
    ],
    ['a cross-site fetch without fetch metadata', { origin: 'https://evil.example' }],
    ['a cross-site navigation', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }],
    [
      'an embedding frame',
      { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe' },
    ],
    [
      'a site whose name points at 127.0.0.1 (DNS rebinding)',
      { ...NAVIGATION, host: `evil.example:${'PORT'}` },
    ],
  ])('is not in the page served to %s', async (_who, headers) => {
    const sent = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, value.replace('PORT', port)]),
    );
    const response = await page('127.0.0.1', sent);
    expect(response.status).toBe(200);
    expect(response.body.includes('GraphiQL'), 'the page is GraphiQL').toBe(true);
    expect(response.body.includes('Bearer ey'), 'the page holds a token').toBe(false);
  });

  it.skipIf(!lanAddress())("is not in the page served to another device on the shop's network", async () => {
    const response = await page(lanAddress()!, NAVIGATION);
    expect(response.status).toBe(200);
    expect(response.body.includes('GraphiQL'), 'the page is GraphiQL').toBe(true);
    expect(response.body.includes('Bearer ey'), 'the page holds a token').toBe(false);
  });
});
