import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/graphql.ts';
import { Products, UpdateSettings } from '../support/operations.ts';
import { type ServerProcess, spawnServer } from '../support/process.ts';

let workDir: string;
let server: ServerProcess;

beforeAll(async () => {
  // No configuration at all: only PATH and an ephemeral port, in an empty working directory.
  workDir = await mkdtemp(path.join(tmpdir(), 'pos-embedded-'));
  server = await spawnServer({}, { cwd: workDir });
});

afterAll(async () => {
  await server?.stop();
  await rm(workDir, { recursive: true, force: true });
});

describe('embedded default', () => {
  it('boots with no environment on PGlite, migrated and seeded, with the in-process PubSub', () => {
    const logs = server.logs.join('\n');
    expect(logs).toContain('pglite:.data/pglite');
    expect(logs).toContain('pubsub: in-process');
    expect(logs).toContain('seeded the demo catalogue');
    expect(logs).toContain('development admin token');
  });

  it('answers a query from the seeded catalogue', async () => {
    const response = await request(server.url, Products, {});
    expect(response.errors).toBeUndefined();
    expect(response.data?.products.nodes.map((product) => product.name)).toContain('Margherita pizza');
  });

  it('serves GraphiQL to a browser, with the development admin token pre-filled', async () => {
    const response = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('GraphiQL');
    expect(html).toContain('Bearer ey');
  });

  it('still requires a token for admin mutations', async () => {
    const response = await request(server.url, UpdateSettings, { input: { taxRatePercent: '5' } });
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers /health and /ready', async () => {
    const health = await fetch(server.url.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
    const ready = await fetch(server.url.replace('/graphql', '/ready'));
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      database: 'up',
      pubsub: { mode: 'in-process' },
    });
  });
});
