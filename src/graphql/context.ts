import type { Viewer } from '../auth/viewer.ts';
import type { Services } from '../services.ts';
import type { Settings } from '../settings/settings.entity.ts';

export interface GraphQLContext {
  viewer: Viewer;
  services: Services;
  /** Settings read at most once per request, for presentation only (prices are computed in transactions). */
  requestSettings: () => Promise<Settings>;
}
