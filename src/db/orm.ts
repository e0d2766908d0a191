import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM as PgliteORM } from '@mikro-orm/pglite';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import type { Config } from '../config.ts';
import { entities } from './entities.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The ORM for the configured database: PostgreSQL when `DATABASE_URL` is set, embedded PGlite otherwise. */
export interface Persistence {
  orm: MikroORM;
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

export async function openPersistence(
  config: Pick<Config, 'databaseUrl' | 'pgliteDir'>,
): Promise<Persistence> {
  if (config.databaseUrl) {
    const orm = await PostgresORM.init({
      ...shared,
      clientUrl: config.databaseUrl,
      pool: { min: 0, max: 10 },
    });
    return { orm: orm as unknown as MikroORM, singleSession: false };
  }
  const dataDir = path.resolve(config.pgliteDir);
  mkdirSync(dataDir, { recursive: true });
  const orm = await PgliteORM.init({ ...shared, dbName: dataDir });
  return { orm: orm as unknown as MikroORM, singleSession: true };
}

/** Applies every pending migration; returns the names applied. */
export async function migrateUp(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}
