import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { live, request, wsClient } from '../support/graphql.ts';
import { SettingsQuery, SettingsUpdated, UpdateSettings } from '../support/operations.ts';
import { type ServerProcess, spawnServer } from '../support/process.ts';

/** The development secret this project once published in its source: anyone could sign with it. */
const PUBLISHED_SECRET = 'development-only-secret-do-not-use-in-production';
/** Two embedded boots (PGlite initdb and migrations each) in one file: generous on a loaded machine. */
const BOOT_MS = 240_000;
const TOKEN_CLI = fileURLToPath(new URL('../../src/auth/token-cli.ts', import.meta.url));

let shop: string;
let server: ServerProcess;

beforeAll(async () => {
  // The embedded default exactly as `./pos start` runs it: no configuration, its own working directory.
  shop = await mkdtemp(path.join(tmpdir(), 'pos-shop-'));
  server = await spawnServer({}, { cwd: shop, startTimeoutMs: BOOT_MS });
}, BOOT_MS);

afterAll(async () => {
  await server?.stop();
  await rm(shop, { recursive: true, force: true });
});

/** `npm run token` as an operator runs it in the shop's folder. */
async function mintToken(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [TOKEN_CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '' },
  });
  return stdout.trim();
}

function devAdminToken(logs: string[]): string {
  const line = logs.find((entry) => entry.includes('development admin token'));
  const token = line && /(ey[\w-]+\.[\w-]+\.[\w-]+)/.exec(line)?.[1];
  if (!token) throw new Error(`no development admin token in the log:\n${logs.join('\n')}`);
  return token;
}

async function canUpdateSettings(url: string, token: string): Promise<{ status: number; code: unknown }> {
  const response = await request(url, UpdateSettings, { input: { surchargePercent: '1' } }, token);
  return { status: response.status, code: response.errors?.[0]?.extensions?.code ?? 'OK' };
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the embedded default on a shop network', () => {
  it('refuses a token signed with the once-published development secret: HTTP 401, WebSocket 4403', async () => {
    const forged = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('intruder')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(PUBLISHED_SECRET));
    const before = await request(server.url, SettingsQuery, {});

    expect(await canUpdateSettings(server.url, forged)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });

    const client = wsClient(server.url, forged);
    const subscription = live(client, SettingsUpdated, {});
    expect(((await subscription.waitForError()) as { code?: number }).code).toBe(4403);
    await client.dispose();

    expect(await request(server.url, SettingsQuery, {})).toEqual(before);
  });

  it('listens on loopback only, and says how to open it to the shop', async () => {
    expect(server.logs.join('\n')).toMatch(/"host":"127\.0\.0\.1"/);
    expect(server.logs.join('\n')).toContain('HOST=0.0.0.0');
    expect(await reachable('127.0.0.1', server.port)).toBe(true);
    const lanAddresses = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal)
      .map((address) => address!.address);
    for (const address of lanAddresses) expect(await reachable(address, server.port)).toBe(false);
  });

  it(
    'keeps its generated secret private, and tokens survive a restart',
    async () => {
      const secretFile = path.join(shop, '.data/pglite/jwt-secret');
      expect(statSync(secretFile).mode & 0o777).toBe(0o600);
      const printed = devAdminToken(server.logs);
      const minted = await mintToken(shop, '--role', 'ADMIN', '--sub', 'manager');
      expect(await canUpdateSettings(server.url, minted)).toEqual({ status: 200, code: 'OK' });

      await server.stop();
      server = await spawnServer({}, { cwd: shop, startTimeoutMs: BOOT_MS });

      expect(await canUpdateSettings(server.url, minted)).toEqual({ status: 200, code: 'OK' });
      expect(await canUpdateSettings(server.url, printed)).toEqual({ status: 200, code: 'OK' });
    },
    BOOT_MS,
  );

  it("rotates the secret with a fresh data folder: its tokens and the old folder's are strangers", async () => {
    const fresh = await mkdtemp(path.join(tmpdir(), 'pos-shop-'));
    try {
      const fromFreshFolder = await mintToken(fresh, '--role', 'ADMIN', '--sub', 'manager');
      expect(readFileSync(path.join(fresh, '.data/pglite/jwt-secret'), 'utf8')).not.toBe(
        readFileSync(path.join(shop, '.data/pglite/jwt-secret'), 'utf8'),
      );
      expect(await canUpdateSettings(server.url, fromFreshFolder)).toEqual({
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
