import { createTestDatabase, type TestDatabase } from './database.ts';
import { JWT_SECRET, REDIS_URL } from './env.ts';
import { type ServerProcess, spawnServer } from './process.ts';
import { uniquePrefix } from './server.ts';

/** Two API processes (separate OS processes) on one fresh PostgreSQL database and one Redis prefix. */
export interface TwoProcesses {
  a: ServerProcess;
  b: ServerProcess;
  database: TestDatabase;
  /** Stops process B (SIGTERM: it closes every WebSocket) and resolves once it has exited. */
  stopB(): Promise<void>;
  /** Starts a new process B on the port the old one had, so clients reconnect to the same address. */
  restartB(): Promise<ServerProcess>;
  close(): Promise<void>;
}

/** `env` adds to (or overrides) the variables both processes get. */
export async function startTwoProcesses(extraEnv: Record<string, string> = {}): Promise<TwoProcesses> {
  const database = await createTestDatabase();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL,
    CHANNEL_PREFIX: uniquePrefix(),
    JWT_SECRET,
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  // Migrate with the first process before the second starts, as `npm run migration:up` would in production.
  const a = await spawnServer({ ...env, MIGRATE_ON_START: 'true' });
  let b = await spawnServer(env);
  const cluster: TwoProcesses = {
    a,
    get b() {
      return b;
    },
    database,
    async stopB() {
      await b.stop();
    },
    async restartB() {
      b = await spawnServer({ ...env, PORT: String(b.port) });
      return b;
    },
    async close() {
      await Promise.all([a.stop(), b.stop()]);
      await database.drop();
    },
  };
  return cluster;
}

/** The live pages' address on a process (its GraphQL URL's origin). */
export function pageUrl(server: ServerProcess, path: string): string {
  return new URL(path, server.url).toString();
}
