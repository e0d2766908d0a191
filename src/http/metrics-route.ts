import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from '../observability/metrics.ts';

/** `GET /metrics` in the Prometheus text format. Meant for the scraper on the private network (README). */
export function metricsRoute(metrics: Metrics) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') return false;
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
    res.end(body);
    return true;
  };
}
