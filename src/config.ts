/**
 * The one configuration object. Only `server.ts` (and the CLIs) call `loadConfig` with the real environment;
 * everything else receives a `Config`. Every variable has a default that serves the embedded mode.
 */

/** Longest product description: four times MAX_STRING_LENGTH, at most 2,000 characters. */
export function maxDescriptionLength(limits: Pick<Limits, 'maxStringLength'>): number {
  return Math.min(2000, limits.maxStringLength * 4);
}

/**
 * Longest string any input field takes (MAX_STRING_LENGTH, or a product description when that is longer): the
 * bound every string in a request is held to, whatever its field (`graphql/input-bounds.ts`).
 */
export function maxTextInputLength(limits: Pick<Limits, 'maxStringLength'>): number {
  return Math.max(limits.maxStringLength, maxDescriptionLength(limits));
}

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
  /**
   * Once the server decides to close a socket for a limit (4008, 4011), how long operations already running
   * may take to send their results before it closes anyway.
   */
  wsCloseGraceMs: number;
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
  /** Address the HTTP and WebSocket server binds: loopback unless production on PostgreSQL, or `HOST`. */
  host: string;
  production: boolean;
  /** PostgreSQL connection string; unset means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Folder of the embedded PGlite database. */
  pgliteDir: string;
  /** Redis connection string; unset means the in-process PubSub (single process only). */
  redisUrl: string | undefined;
  /**
   * How long (ms) a Redis link may be away before this process's live subscriptions end with
   * `LIVE_SOURCE_LOST` and new ones are refused, until both links are back.
   */
  pubsubOutageLimitMs: number;
  /** Prefix of every Redis channel, so several deployments (or test runs) can share one Redis. */
  channelPrefix: string;
  /** HS256 token-signing secret: `JWT_SECRET`, or the embedded default's generated one. */
  jwtSecret: string;
  /** The file holding the generated secret when no `JWT_SECRET` was given (embedded default only). */
  jwtSecretFile: string | undefined;
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
  outbox: OutboxConfig;
  /** Test-only fault injected right after each COMMIT (`FAULT_AFTER_COMMIT`); refused in production. */
  faultAfterCommit: AfterCommitFault | undefined;
  limits: Limits;
}

export interface OutboxConfig {
  /** Age (ms) at which the relay takes a row the committing process has not confirmed as published. */
  relayGraceMs: number;
  /** Pause (ms) between relay passes. */
  relayIntervalMs: number;
  /** Rows published per relay transaction. */
  relayBatchSize: number;
  /** `/ready` reports `degraded` while the oldest unpublished row is older than this (ms). */
  lagDegradedMs: number;
}

/**
 * Test-only faults right after a COMMIT (`FAULT_AFTER_COMMIT`), refused in production: `kill` ends the process
 * with SIGKILL before anything is published; `fail-publish` drops the publish as if Redis had refused it.
 */
export const AFTER_COMMIT_FAULTS = ['kill', 'fail-publish'] as const;
export type AfterCommitFault = (typeof AFTER_COMMIT_FAULTS)[number];

function afterCommitFault(env: NodeJS.ProcessEnv, production: boolean): AfterCommitFault | undefined {
  const raw = optional(env, 'FAULT_AFTER_COMMIT');
  if (raw === undefined) return undefined;
  if (production)
    throw new ConfigError('FAULT_AFTER_COMMIT is a test-only fault and is refused in production');
  const fault = AFTER_COMMIT_FAULTS.find((name) => name === raw);
  if (!fault)
    throw new ConfigError(
      `FAULT_AFTER_COMMIT must be one of ${AFTER_COMMIT_FAULTS.join(', ')}, got "${raw}"`,
    );
  return fault;
}

/** Shortest accepted token-signing secret (HS256 wants a key of at least 256 bits, RFC 7518 §3.2). */
export const MIN_SECRET_LENGTH = 32;

/** Secrets once printed in this project's source: anyone could sign with them, so none is ever accepted. */
const PUBLISHED_SECRETS: readonly string[] = ['development-only-secret-do-not-use-in-production'];

/** Reads (or creates) the embedded default's signing secret beside the data in `pgliteDir`. */
export type EmbeddedSecretSource = (pgliteDir: string) => { secret: string; file: string };

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

/**
 * Where tokens are signed from. An explicit `JWT_SECRET` (at least 32 characters, never a published one) wins;
 * without it only the embedded default outside production may run, on the secret generated beside its data
 * (`embeddedSecret`, supplied by the entry points since it touches the file system). There is no built-in
 * fallback secret: a constant in the source would let anyone on the network sign an ADMIN token.
 */
function signingSecret(
  env: NodeJS.ProcessEnv,
  mode: { production: boolean; databaseUrl: string | undefined; pgliteDir: string },
  embeddedSecret: EmbeddedSecretSource | undefined,
): { jwtSecret: string; jwtSecretFile: string | undefined } {
  const explicit = optional(env, 'JWT_SECRET');
  if (explicit !== undefined) {
    if (explicit.length < MIN_SECRET_LENGTH || PUBLISHED_SECRETS.includes(explicit)) {
      throw new ConfigError(
        `JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters and private (e.g. openssl rand -base64 32)`,
      );
    }
    return { jwtSecret: explicit, jwtSecretFile: undefined };
  }
  if (mode.production) {
    throw new ConfigError(
      `NODE_ENV=production requires JWT_SECRET (at least ${MIN_SECRET_LENGTH} characters)`,
    );
  }
  if (mode.databaseUrl || !embeddedSecret) {
    throw new ConfigError(
      `JWT_SECRET is required with DATABASE_URL (at least ${MIN_SECRET_LENGTH} characters); only the embedded database generates its own`,
    );
  }
  const { secret, file } = embeddedSecret(mode.pgliteDir);
  return { jwtSecret: secret, jwtSecretFile: file };
}

/** Which database to open: PostgreSQL at `DATABASE_URL`, else the embedded PGlite folder. */
export function databaseConfig(env: NodeJS.ProcessEnv): Pick<Config, 'databaseUrl' | 'pgliteDir'> {
  return {
    databaseUrl: optional(env, 'DATABASE_URL'),
    pgliteDir: optional(env, 'PGLITE_DIR') ?? '.data/pglite',
  };
}

/**
 * Builds the configuration from `env`. `embeddedSecret` reads or creates the embedded default's signing secret;
 * without it, a configuration that would need one is refused.
 *
 * @throws ConfigError naming the variable when a value is out of range or a required one is missing.
 */
export function loadConfig(env: NodeJS.ProcessEnv, embeddedSecret?: EmbeddedSecretSource): Config {
  const production = env.NODE_ENV === 'production';
  const { databaseUrl, pgliteDir } = databaseConfig(env);
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    // The embedded default serves the machine it runs on until its operator opens it up; a production
    // deployment on PostgreSQL sits behind a load balancer and must accept connections from it.
    host: optional(env, 'HOST') ?? (production && databaseUrl ? '0.0.0.0' : '127.0.0.1'),
    production,
    databaseUrl,
    pgliteDir,
    redisUrl: optional(env, 'REDIS_URL'),
    pubsubOutageLimitMs: integer(env, 'PUBSUB_OUTAGE_LIMIT_MS', 15_000, 100, 3_600_000),
    channelPrefix: optional(env, 'CHANNEL_PREFIX') ?? 'pos:',
    ...signingSecret(env, { production, databaseUrl, pgliteDir }, embeddedSecret),
    migrateOnStart: (optional(env, 'MIGRATE_ON_START') ?? (databaseUrl ? 'false' : 'true')) === 'true',
    seedDemoCatalog: (optional(env, 'SEED_DEMO_CATALOG') ?? (databaseUrl ? 'false' : 'true')) === 'true',
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
    introspection: flag(env, 'GRAPHQL_INTROSPECTION', !production),
    graphiql: flag(env, 'GRAPHIQL', !production),
    allowedOrigins: list(env, 'ALLOWED_ORIGINS'),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    outbox: {
      relayGraceMs: integer(env, 'OUTBOX_RELAY_GRACE_MS', 1_000, 50, 600_000),
      relayIntervalMs: integer(env, 'OUTBOX_RELAY_INTERVAL_MS', 500, 10, 600_000),
      relayBatchSize: integer(env, 'OUTBOX_RELAY_BATCH_SIZE', 100, 1, 10_000),
      lagDegradedMs: integer(env, 'OUTBOX_LAG_DEGRADED_MS', 10_000, 100, 3_600_000),
    },
    faultAfterCommit: afterCommitFault(env, production),
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
      wsCloseGraceMs: integer(env, 'WS_CLOSE_GRACE_MS', 5_000, 0, 60_000),
      maxSubscriptionsPerConnection: integer(env, 'MAX_SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 10_000),
      maxConnectionsPerUser: integer(env, 'MAX_CONNECTIONS_PER_USER', 10, 1, 100_000),
      mutationRateLimit: integer(env, 'MUTATION_RATE_LIMIT', 300, 1, 1_000_000),
      mutationRateWindowMs: integer(env, 'MUTATION_RATE_WINDOW_MS', 10_000, 100, 3_600_000),
    },
  };
}
