import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { JWT_SECRET, REDIS_URL } from '../support/env.ts';
import { live, wsClient } from '../support/graphql.ts';
import { SettingsUpdated } from '../support/operations.ts';
import { spawnServer } from '../support/process.ts';
import { startStack, type TestStack, uniquePrefix } from '../support/server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const WITHIN_MS = 60_000;

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

function serverEnv(): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    REDIS_URL,
    CHANNEL_PREFIX: uniquePrefix(),
    JWT_SECRET,
    MIGRATE_ON_START: 'true',
  };
}

/** Exit code, stdout and stderr of a command that may fail. */
async function outcome(file: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: ROOT, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/^\s+at /m);
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', resolve));
}

describe('./pos start', () => {
  it('stops the API when it receives SIGTERM: the signal reaches the server, no orphan keeps the port', async () => {
    const child = spawn('./pos', ['start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...serverEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('./pos start did not listen')), WITHIN_MS);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!line.includes('live POS API listening')) return;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      });
    });
    const health = `http://127.0.0.1:${port}/health`;
    expect((await fetch(health)).status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    await expect(fetch(health)).rejects.toThrow();
  }, 90_000);
});

describe('start-up problems are one clear line', () => {
  let busy: Server;

  afterAll(() => busy?.close());

  it('names a busy port and the fix before any slow start-up work, without a stack trace', async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as { port: number };
    // A database with nothing applied yet: a start that got as far as migrating would say so first.
    const unmigrated = await createTestDatabase();
    const failure = await spawnServer({
      ...serverEnv(),
      DATABASE_URL: unmigrated.url,
      SEED_DEMO_CATALOG: 'true',
      HOST: '127.0.0.1',
      PORT: String(port),
    }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    await unmigrated.drop();
    expect(failure).toContain('exited with 1');
    const logLines = failure?.split('\n').filter((line) => line.startsWith('{')) ?? [];
    const fatal = logLines.filter((line) => line.includes('"level":60'));
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(fatal[0]).toContain('PORT=');
    // The port is checked before migrations and seeding: the one line is the only thing said.
    expect(logLines).toEqual(fatal);
    expectNoStackTrace(failure ?? '');
  }, 90_000);

  const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => existsSync(path));
  it('tells a user of an old Node which version is needed and how to get it', async () => {
    const check = await outcome(process.execPath, ['scripts/check-node.js']);
    expect(check.code).toBe(0);
    const { version } = await outcome(oldNode ?? process.execPath, ['-p', 'process.version']).then((r) => ({
      version: r.stdout.trim(),
    }));
    const [major, minor] = version.slice(1).split('.').map(Number) as [number, number];
    if (major > 22 || (major === 22 && minor >= 17)) return;
    const refused = await outcome(oldNode!, ['scripts/check-node.js']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('22.17');
    expect(refused.stderr).toContain('./pos start');
    const pkg = JSON.parse(await readFile(`${ROOT}package.json`, 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.prestart).toBe('node scripts/check-node.js');
  });
});

describe('command-line tools', () => {
  const tools = {
    token: ['src/auth/token-cli.ts'],
    migrations: ['src/db/cli.ts'],
  };

  it.each(Object.entries(tools))('%s prints its usage for --help and -h, exit 0', async (_name, args) => {
    for (const flag of ['--help', '-h']) {
      const help = await outcome(process.execPath, [...args, flag]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^usage: npm run /);
    }
  });

  const wrong: [string, string[], RegExp][] = [
    ['token with an unknown option', [...tools.token, '--bogus'], /Unknown option '--bogus'/],
    ['token without a value', [...tools.token, '--sub'], /--sub/],
    [
      'token with an unknown role',
      [...tools.token, '--role', 'OWNER', '--sub', 'x'],
      /--role must be one of/,
    ],
    ['token without --sub', [...tools.token, '--role', 'STAFF'], /--sub is required/],
    ['token with a stray argument', [...tools.token, 'extra'], /extra/],
    [
      'token with a subject too long to record',
      [...tools.token, '--role', 'STAFF', '--sub', 's'.repeat(300)],
      /--sub must be 1-200 characters/,
    ],
    [
      'token with a control character in its subject',
      [...tools.token, '--role', 'STAFF', '--sub', 'till\t1'],
      /--sub must not contain control characters/,
    ],
    ['migrations without a command', tools.migrations, /wrong arguments/],
    ['migrations with an unknown command', [...tools.migrations, 'down'], /unknown command down/],
    ['migrations with an unknown option', [...tools.migrations, 'up', '--force'], /Unknown option '--force'/],
  ];

  it.each(wrong)(
    '%s: names the problem, prints the usage, exit 2, no stack trace',
    async (_name, args, says) => {
      const result = await outcome(process.execPath, args, { DATABASE_URL: database.url, JWT_SECRET });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(says);
      expect(result.stderr).toContain('usage: npm run ');
      expectNoStackTrace(result.stderr);
    },
  );
});

describe('/ready', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function websocketLoad() {
    const ready = await fetch(stack.url.replace('/graphql', '/ready'));
    return ((await ready.json()) as { websocket: { connections: number; subscriptions: number } }).websocket;
  }

  it('reports the open WebSocket connections and live subscriptions of the process', async () => {
    expect(await websocketLoad()).toEqual({ connections: 0, subscriptions: 0 });
    const clients = [wsClient(stack.url, stack.staffToken), wsClient(stack.url, stack.staffToken)];
    const subscriptions = [
      live(clients[0]!, SettingsUpdated, {}),
      live(clients[0]!, SettingsUpdated, {}),
      live(clients[1]!, SettingsUpdated, {}),
    ];
    await expect.poll(websocketLoad, { timeout: WITHIN_MS }).toEqual({ connections: 2, subscriptions: 3 });
    subscriptions[0]!.stop();
    await expect.poll(websocketLoad, { timeout: WITHIN_MS }).toEqual({ connections: 2, subscriptions: 2 });
    for (const client of clients) await client.dispose();
    await expect.poll(websocketLoad, { timeout: WITHIN_MS }).toEqual({ connections: 0, subscriptions: 0 });
  });
});

describe('docker-compose.yml', () => {
  it('lets `docker compose up -d postgres redis` run without the API’s variables', async () => {
    // Compose interpolates the whole file for any service, so a `${VAR:?}` anywhere blocks every service.
    const compose = await readFile(`${ROOT}docker-compose.yml`, 'utf8');
    expect(compose).not.toMatch(/\$\{\w+:?\?/);
  });
});
