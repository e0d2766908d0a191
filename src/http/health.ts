import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../db/database.ts';
import type { EventBus } from '../realtime/event-bus.ts';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * `GET /health`: the process is up (liveness). `GET /ready`: the database and the channel layer answer
 * (readiness); a load balancer stops routing new clients here while it says 503.
 */
export function healthRoutes(deps: { db: Database; bus: EventBus; isDraining: () => boolean }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = req.url?.split('?')[0];
    if (req.method !== 'GET' || (path !== '/health' && path !== '/ready')) return false;
    if (path === '/health') {
      json(res, 200, { status: 'ok' });
      return true;
    }
    const database = await deps.db.isReachable();
    const pubsub = deps.bus.isHealthy();
    const ready = database && pubsub && !deps.isDraining();
    json(res, ready ? 200 : 503, {
      status: ready ? 'ready' : 'degraded',
      database: database ? 'up' : 'down',
      pubsub: { mode: deps.bus.mode, status: pubsub ? 'up' : 'down' },
      draining: deps.isDraining(),
    });
    return true;
  };
}
