import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/graphql.ts';
import { Products } from '../support/operations.ts';
import { type ServerProcess, spawnServer } from '../support/process.ts';

/** Several embedded boots (PGlite initdb and migrations) and a stale-lock wait in one file. */
const FILE_MS = 300_000;
const SERVER_ENTRY = fileURLToPath(new URL('../../src/server.ts', import.meta.url));

let dataDir: string;
const running: ServerProcess[] = [];

async function start(): Promise<ServerProcess> {
  const server = await spawnServer({ PGLITE_DIR: dataDir }, { startTimeoutMs: FILE_MS });
  running.push(server);
  return server;
}

/**
 * Starts another server on the same folder and waits for it to exit or to listen, whichever comes first
 * (a process that listens is stopped again): its exit code (null when it listened) and its output.
 */
function startAnother(): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', PGLITE_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('live POS API listening')) {
        child.kill('SIGTERM');
        child.once('exit', () => resolve({ code: null, output }));
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pos-lock-'));
}, FILE_MS);

afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('the embedded database folder', () => {
  it(
    'is held by one process: a second one on the same folder exits with one line naming the folder',
    async () => {
      const first = await start();
      const second = await startAnother();
      expect(second.code).not.toBeNull();
      expect(second.code).not.toBe(0);
      const lines = second.output.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(dataDir);
      expect(lines[0]).toContain('DATABASE_URL');
      // The first one serves on, undisturbed.
      expect((await request(first.url, Products, {})).errors).toBeUndefined();
    },
    FILE_MS,
  );

  it(
    'opens for a new process once the holder stopped',
    async () => {
      await running.pop()?.stop();
      const next = await start();
      const products = await request(next.url, Products, {});
      expect(products.data?.products.nodes.length).toBeGreaterThan(0);
    },
    FILE_MS,
  );

  it(
    'is taken over from a holder that died without releasing it',
    async () => {
      await running.pop()?.stop('SIGKILL');
      const next = await start();
      expect((await request(next.url, Products, {})).errors).toBeUndefined();
    },
    FILE_MS,
  );
});
