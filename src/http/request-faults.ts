import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { withRequestId } from '../observability/request-context.ts';
import { requestIdFrom } from './request-id.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Gives an async request handler an owner for its failures. `node:http` ignores the promise a request listener
 * returns, so a handler that rejects is an unhandled rejection (Node's default: the process exits), not a 500.
 * The request's id is set for everything the handler runs (`currentRequestId`). Here a failure becomes a masked 500 JSON answer (or, when the answer had already begun, a cut connection), an
 * error log line with the request id, and a count on `pos_internal_errors_total{source="http"}`.
 */
export function ownRequestFailures(
  handle: RequestHandler,
  deps: { logger: Logger; metrics: Metrics },
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    withRequestId(requestId, () => handle(req, res)).catch((error: unknown) => {
      deps.metrics.internalErrors.inc({ source: 'http' });
      deps.logger.error({ err: error, requestId, method: req.method }, 'request failed');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(500, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'x-request-id': requestId,
      });
      res.end(
        JSON.stringify({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL' } }] }),
      );
    });
  };
}
