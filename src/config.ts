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
  /** Deepest selection nesting of one operation (fragments flattened). */
  maxQueryDepth: number;
  /** Largest computed cost of one operation (graphql-armor: objects 2, scalars 1, multiplied by depth). */
  maxQueryCost: number;
  /** Most aliases in one operation (5,000 aliases of one field would otherwise all execute). */
  maxAliases: number;
  /** Most lexical tokens in one document; parsing stops at the limit. */
  maxTokens: number;
  /** Most directives in one operation. */
  maxDirectives: number;
  /** Deepest nesting of lists and objects in one operation's variables. */
  maxVariablesDepth: number;
  /** Most values (scalars, lists, objects) in one operation's variables. */
  maxVariablesValues: number;
  /** Largest HTTP request body. */
  maxBodyBytes: number;
  /** Largest WebSocket frame (`ws` maxPayload); a bigger one closes the socket with 1009. */
  wsMaxPayloadBytes: number;
  /** Time a new WebSocket has to send `connection_init` before it is closed with 4408. */
  wsConnectionInitTimeoutMs: number;
  /** Interval of server pings; a peer that has not answered one by the next is terminated. 0 disables. */
  wsKeepAliveMs: number;
  /** Most active subscriptions on one WebSocket. */
  maxSubscriptionsPerConnection: number;
  /** Most open WebSockets per user (token subject, or client address when anonymous), per process. */
  maxConnectionsPerUser: number;
  /** Mutations one user (or client address when anonymous) may send per window, per process. */
  mutationRateLimit: number;
  mutationRateWindowMs: number;
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
  /** Schema introspection (and with it GraphiQL's docs); off in production unless enabled. */
  introspection: boolean;
  /** GraphiQL served on GET /graphql; off in production unless enabled. */
  graphiql: boolean;
  /** Browser origins allowed for CORS and WebSocket upgrades; undefined allows any (development default). */
  allowedOrigins: string[] | undefined;
  /** Most time graceful shutdown waits for in-flight requests before cutting connections. */
  shutdownGraceMs: number;
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

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function list(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const raw = optional(env, name);
  if (raw === undefined || raw === '*') return undefined;
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
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
    introspection: flag(env, 'GRAPHQL_INTROSPECTION', !production),
    graphiql: flag(env, 'GRAPHIQL', !production),
    allowedOrigins: list(env, 'ALLOWED_ORIGINS'),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    limits: {
      maxQuantity: integer(env, 'MAX_QUANTITY', 999, 1, 1_000_000),
      maxStringLength: integer(env, 'MAX_STRING_LENGTH', 500, 16, 10_000),
      maxOrderLines: integer(env, 'MAX_ORDER_LINES', 200, 1, 10_000),
      maxPageSize: integer(env, 'MAX_PAGE_SIZE', 100, 1, 1_000),
      maxQueryDepth: integer(env, 'MAX_QUERY_DEPTH', 10, 2, 100),
      maxQueryCost: integer(env, 'MAX_QUERY_COST', 5_000, 10, 1_000_000),
      maxAliases: integer(env, 'MAX_ALIASES', 15, 0, 1_000),
      maxTokens: integer(env, 'MAX_TOKENS', 2_000, 50, 100_000),
      maxDirectives: integer(env, 'MAX_DIRECTIVES', 20, 0, 1_000),
      maxVariablesDepth: integer(env, 'MAX_VARIABLES_DEPTH', 10, 2, 100),
      maxVariablesValues: integer(env, 'MAX_VARIABLES_VALUES', 5_000, 10, 1_000_000),
      maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 100_000, 1_000, 50_000_000),
      wsMaxPayloadBytes: integer(env, 'WS_MAX_PAYLOAD_BYTES', 65_536, 1_000, 50_000_000),
      wsConnectionInitTimeoutMs: integer(env, 'WS_CONNECTION_INIT_TIMEOUT_MS', 3_000, 100, 60_000),
      wsKeepAliveMs: integer(env, 'WS_KEEPALIVE_MS', 12_000, 0, 600_000),
      maxSubscriptionsPerConnection: integer(env, 'MAX_SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 10_000),
      maxConnectionsPerUser: integer(env, 'MAX_CONNECTIONS_PER_USER', 10, 1, 100_000),
      mutationRateLimit: integer(env, 'MUTATION_RATE_LIMIT', 300, 1, 1_000_000),
      mutationRateWindowMs: integer(env, 'MUTATION_RATE_WINDOW_MS', 10_000, 100, 3_600_000),
    },
  };
}
