import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM as PgliteORM } from '@mikro-orm/pglite';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import type { Config } from '../config.ts';
import { lockDataFolder } from './data-folder-lock.ts';
import { entities } from './entities.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The ORM for the configured database: PostgreSQL when `DATABASE_URL` is set, embedded PGlite otherwise. */
export interface Persistence {
  orm: MikroORM;
  /** Closes the ORM (`force`: without waiting for its pool) and releases the embedded folder's lock. */
  close(): Promise<void>;
  /**
   * PGlite is one Postgres session: an open transaction blocks every other connection's writes forever,
   * so the embedded database must run one unit of work at a time.
   */
  singleSession: boolean;
}

const shared = {
  entities,
  extensions: [Migrator],
  migrations: {
    path: MIGRATIONS_DIR,
    pathTs: MIGRATIONS_DIR,
    glob: '!(*.d).ts',
    transactional: true,
    allOrNothing: true,
    snapshot: false,
    silent: true,
  },
  debug: false,
  allowGlobalContext: false,
  // One loading strategy everywhere keeps populated collections predictable under row locks.
  loadStrategy: 'select-in' as const,
};

/**
 * Opens the configured database. The embedded folder is locked first (see `lockDataFolder`): one process at a
 * time; `onLockLost` is told if that lock is ever taken from this process (default: throw).
 *
 * @throws DataFolderInUseError when another live process holds the embedded folder.
 */
export async function openPersistence(
  config: Pick<Config, 'databaseUrl' | 'pgliteDir'>,
  options: { onLockLost?: (error: Error) => void } = {},
): Promise<Persistence> {
  if (config.databaseUrl) {
    const orm = await PostgresORM.init({
      ...shared,
      clientUrl: config.databaseUrl,
      pool: { min: 0, max: 10 },
    });
    return { orm: orm as unknown as MikroORM, singleSession: false, close: () => orm.close(true) };
  }
  const dataDir = path.resolve(config.pgliteDir);
  mkdirSync(dataDir, { recursive: true });
  const release = await lockDataFolder(
    dataDir,
    options.onLockLost ??
      ((error) => {
        throw error;
      }),
  );
  try {
    const orm = await PgliteORM.init({ ...shared, dbName: dataDir });
    const close = async () => {
      try {
        await orm.close(true);
      } finally {
        await release();
      }
    };
    return { orm: orm as unknown as MikroORM, singleSession: true, close };
  } catch (error) {
    await release();
    throw error;
  }
}

/** Applies every pending migration; returns the names applied. */
export async function migrateUp(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}
