import type { Logger } from '../logger.ts';
import type { Metrics } from './metrics.ts';

/**
 * The process-level failure policy: log, count and keep serving.
 *
 * Every request handler, WebSocket callback, timer and after-commit task owns its failures (a response, a close
 * code, or a logged and counted error), so what arrives here escaped its owner: a bug, never a client's input
 * being handled as designed. Node's default (exit on an unhandled rejection or uncaught exception) would turn such
 * a bug into an outage of every replica the moment one request can reach it, and kill every open socket and
 * in-flight mutation on the way. Instead each one is logged at `fatal` with its stack and counted on
 * `pos_internal_errors_total{source="unhandled_rejection"|"uncaught_exception"}`; operators alert on any increase.
 * Durable state lives in the database, whose transactions either committed or rolled back, so serving on is safe.
 *
 * Installed by `server.ts` only after start-up succeeded: a failure during start-up still ends the process.
 * Returns a function that removes the handlers.
 */
export function keepServingOnEscapedFailures(deps: { logger: Logger; metrics: Metrics }): () => void {
  const onRejection = (reason: unknown) => {
    deps.metrics.internalErrors.inc({ source: 'unhandled_rejection' });
    deps.logger.fatal({ err: reason }, 'unhandled promise rejection (a promise without an owner)');
  };
  const onException = (error: Error) => {
    deps.metrics.internalErrors.inc({ source: 'uncaught_exception' });
    deps.logger.fatal({ err: error }, 'uncaught exception (a callback without an owner)');
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
