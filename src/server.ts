/**
 * Process start-up: the only place that reads the environment and handles signals.
 */
import { startApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { keepServingOnEscapedFailures } from './observability/process-faults.ts';

const logger = createLogger(process.env.LOG_LEVEL ?? 'info');

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    logger.fatal(error.message);
    process.exit(1);
  }
  throw error;
}

const app = await startApp(config, logger);
keepServingOnEscapedFailures({ logger, metrics: app.services.metrics });
logger.info(
  {
    port: app.port,
    url: app.url,
    database: config.databaseUrl ? 'postgresql' : `pglite:${config.pgliteDir}`,
  },
  'live POS API listening',
);
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
