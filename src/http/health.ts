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
 * process sees the same Redis, so failing readiness on it would take the whole fleet out of rotation. An
 * outbox whose oldest unpublished change is older than its threshold is `degraded` for the same reason.
 * `/ready` also reports `websocket: { connections, subscriptions }` held by this process, so a health check
 * (or an operator draining it) sees the live load it carries.
 */
export function healthRoutes(deps: {
  db: Database;
  bus: EventBus;
  isDraining: () => boolean;
  /** Open WebSocket connections and live subscriptions on this process (the exact gauges of `/metrics`). */
  realtime: () => Promise<{ connections: number; subscriptions: number }>;
  /** Seconds since the oldest unpublished outbox row was written, and the age beyond which that degrades. */
  outbox?: { lagSeconds: () => Promise<number>; degradedAfterSeconds: number };
}) {
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
    const { outbox } = deps;
    // Live views fall behind the database when the outbox lags: degraded, like Redis away, not unavailable.
    const lag = outbox && database ? await outbox.lagSeconds().catch(() => null) : null;
    const lagging = outbox !== undefined && lag !== null && lag > outbox.degradedAfterSeconds;
    json(res, ready ? 200 : 503, {
      status: !ready ? 'unavailable' : pubsub && !lagging ? 'ready' : 'degraded',
      database: database ? 'up' : 'down',
      pubsub: { mode: deps.bus.mode, status: pubsub ? 'up' : 'down' },
      ...(outbox ? { outbox: { status: lagging ? 'lagging' : 'ok', oldestUnpublishedAgeSeconds: lag } } : {}),
      draining: deps.isDraining(),
      websocket: await deps.realtime(),
    });
    return true;
  };
}
