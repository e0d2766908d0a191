import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { type RunningApp, startApp } from '../../src/app.ts';
import { signToken } from '../../src/auth/tokens.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { JWT_SECRET, REDIS_URL } from './env.ts';

export interface TestStack {
  app: RunningApp;
  url: string;
  database: TestDatabase;
  channelPrefix: string;
  adminToken: string;
  staffToken: string;
  /** Every log line the app wrote, parsed (collected at LOG_LEVEL `debug` when `captureLogs` is set). */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export function uniquePrefix(): string {
  return `test:${randomBytes(6).toString('hex')}:`;
}

/** Starts the real server in this process on an ephemeral port, on its own database and Redis prefix. */
export async function startStack(
  options: { env?: Record<string, string>; captureLogs?: boolean } = {},
): Promise<TestStack> {
  const database = await createTestDatabase();
  const channelPrefix = uniquePrefix();
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: database.url,
    REDIS_URL,
    CHANNEL_PREFIX: channelPrefix,
    JWT_SECRET,
    MIGRATE_ON_START: 'true',
    SEED_DEMO_CATALOG: 'false',
    // Test fixtures drive hundreds of mutations with one staff token in seconds; the rate limit has its own tests.
    MUTATION_RATE_LIMIT: '1000000',
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const logger = options.captureLogs
    ? pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) })
    : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = await startApp(config, logger);
  return {
    app,
    url: app.url,
    database,
    channelPrefix,
    logs,
    adminToken: await signToken(JWT_SECRET, { role: 'ADMIN', sub: 'test-admin' }, '1h'),
    staffToken: await signToken(JWT_SECRET, { role: 'STAFF', sub: 'test-staff' }, '1h'),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
