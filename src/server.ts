/**
 * Process start-up: the only place that reads the environment and handles signals.
 */
import { startApp } from './app.ts';
import { embeddedSigningSecret } from './auth/embedded-secret.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataFolderInUseError } from './db/data-folder-lock.ts';
import { createLogger } from './logger.ts';
import { keepServingOnEscapedFailures } from './observability/process-faults.ts';

const logger = createLogger(process.env.LOG_LEVEL ?? 'info');

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env, embeddedSigningSecret);
} catch (error) {
  if (error instanceof ConfigError) {
    logger.fatal(error.message);
    process.exit(1);
  }
  throw error;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** Start-up failures an operator fixes from the message alone: one line with the fix, no stack trace. */
function startupProblem(error: unknown): string | undefined {
  if (error instanceof DataFolderInUseError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return `port ${config.port} on ${config.host} is already in use: stop the other server, or start this one with PORT=<another port>`;
  }
  if (code === 'EACCES') {
    return `no permission to listen on port ${config.port}: use a port above 1023 (PORT=4000)`;
  }
  return undefined;
}

const app = await startApp(config, logger, {
  onDatabaseLockLost: (error) => {
    // Another process now holds the embedded data folder: writing on would corrupt what it writes.
    logger.fatal({ err: error, folder: config.pgliteDir }, 'lost the lock on the embedded database folder');
    process.exit(1);
  },
}).catch((error: unknown) => {
  const problem = startupProblem(error);
  if (!problem) throw error;
  logger.fatal(problem);
  process.exit(1);
});
keepServingOnEscapedFailures({ logger, metrics: app.services.metrics });
logger.info(
  {
    port: app.port,
    host: config.host,
    url: app.url,
    database: config.databaseUrl ? 'postgresql' : `pglite:${config.pgliteDir}`,
  },
  'live POS API listening',
);
if (config.jwtSecretFile) {
  logger.info(
    { secretFile: config.jwtSecretFile },
    'tokens are signed with the secret generated beside the embedded database; keep that file private (deleting the data folder rotates it and every token stops working)',
  );
}
if (isLoopback(config.host)) {
  logger.info(
    { host: config.host },
    "reachable from this machine only; to serve the shop's other devices start with HOST=0.0.0.0 on a trusted network and give each device its own token: ./pos token -- --role STAFF --sub till-1",
  );
}
if (app.devAdminToken) {
  logger.info('development admin token (pre-filled in GraphiQL): %s', app.devAdminToken);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
