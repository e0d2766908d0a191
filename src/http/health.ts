import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../db/database.ts';
import type { EventBus } from '../realtime/event-bus.ts';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const PROBE_TIMEOUT_MS = 2_000;

/** A database that does not answer within the probe timeout counts as down (a probe must never hang). */
async function answersInTime(probe: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /health`: the process is up (liveness). `GET /ready`: 503 while the database does not answer or the
 * process is draining, so a load balancer routes new clients elsewhere. Redis away is reported as
 * `degraded` with 200: queries and mutations still work (live views catch up when it returns), and every
 * process sees the same Redis, so failing readiness on it would take the whole fleet out of rotation.
 */
export function healthRoutes(deps: { db: Database; bus: EventBus; isDraining: () => boolean }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = req.url?.split('?')[0];
    if (req.method !== 'GET' || (path !== '/health' && path !== '/ready')) return false;
    if (path === '/health') {
      json(res, 200, { status: 'ok' });
      return true;
    }
    const database = await answersInTime(deps.db.isReachable());
    const pubsub = deps.bus.isHealthy();
    const ready = database && !deps.isDraining();
    json(res, ready ? 200 : 503, {
      status: !ready ? 'unavailable' : pubsub ? 'ready' : 'degraded',
      database: database ? 'up' : 'down',
      pubsub: { mode: deps.bus.mode, status: pubsub ? 'up' : 'down' },
      draining: deps.isDraining(),
    });
    return true;
  };
}
