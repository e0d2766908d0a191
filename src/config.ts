/**
 * The one configuration object. Only `server.ts` (and the CLIs) call `loadConfig` with the real environment;
 * everything else receives a `Config`. Every variable has a default that serves the embedded mode.
 */
export interface Limits {
  /** Largest quantity of one cart line. */
  maxQuantity: number;
  /** Longest free-text input (names, notes, search). */
  maxStringLength: number;
  /** Most lines on one order. */
  maxOrderLines: number;
  /** Largest page a list query returns. */
  maxPageSize: number;
}

export interface Config {
  port: number;
  production: boolean;
  /** PostgreSQL connection string; unset means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Folder of the embedded PGlite database. */
  pgliteDir: string;
  /** Redis connection string; unset means the in-process PubSub (single process only). */
  redisUrl: string | undefined;
  /** Prefix of every Redis channel, so several deployments (or test runs) can share one Redis. */
  channelPrefix: string;
  jwtSecret: string;
  /** True when no JWT_SECRET was given and the well-known development secret is in use. */
  usingDevelopmentSecret: boolean;
  /** Apply pending migrations at start-up (the embedded default); production runs `npm run migration:up` once. */
  migrateOnStart: boolean;
  /** Seed a demo catalogue when the catalogue is empty. */
  seedDemoCatalog: boolean;
  logLevel: string;
  limits: Limits;
}

export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const production = env.NODE_ENV === 'production';
  const jwtSecret = optional(env, 'JWT_SECRET');
  if (production && (!jwtSecret || jwtSecret === DEVELOPMENT_JWT_SECRET || jwtSecret.length < 32)) {
    throw new ConfigError(
      'NODE_ENV=production requires JWT_SECRET (at least 32 characters, not the development secret)',
    );
  }
  const databaseUrl = optional(env, 'DATABASE_URL');
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    production,
    databaseUrl,
    pgliteDir: optional(env, 'PGLITE_DIR') ?? '.data/pglite',
    redisUrl: optional(env, 'REDIS_URL'),
    channelPrefix: optional(env, 'CHANNEL_PREFIX') ?? 'pos:',
    jwtSecret: jwtSecret ?? DEVELOPMENT_JWT_SECRET,
    usingDevelopmentSecret: !jwtSecret,
    migrateOnStart: (optional(env, 'MIGRATE_ON_START') ?? (databaseUrl ? 'false' : 'true')) === 'true',
    seedDemoCatalog: (optional(env, 'SEED_DEMO_CATALOG') ?? (databaseUrl ? 'false' : 'true')) === 'true',
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
    limits: {
      maxQuantity: integer(env, 'MAX_QUANTITY', 999, 1, 1_000_000),
      maxStringLength: integer(env, 'MAX_STRING_LENGTH', 500, 16, 10_000),
      maxOrderLines: integer(env, 'MAX_ORDER_LINES', 200, 1, 10_000),
      maxPageSize: integer(env, 'MAX_PAGE_SIZE', 100, 1, 1_000),
    },
  };
}
