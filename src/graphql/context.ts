import type { Viewer } from '../auth/viewer.ts';
import type { Logger } from '../logger.ts';
import type { Services } from '../services.ts';
import type { Settings } from '../settings/settings.entity.ts';

export interface GraphQLContext {
  viewer: Viewer;
  services: Services;
  /** Settings read at most once per request, for presentation only (prices are computed in transactions). */
  requestSettings: () => Promise<Settings>;
  transport: 'http' | 'websocket';
  /** The HTTP request's id (echoed in `x-request-id`) or the WebSocket connection's id; in every log line. */
  requestId: string;
  /** Logger carrying `requestId`. */
  log: Logger;
  /** The client's address, the key of per-client limits when nobody is signed in. */
  remoteAddress: string | undefined;
}
