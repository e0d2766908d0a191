import type { EntityManager } from '@mikro-orm/core';
import type { CommittedReads } from '../../realtime/live-publisher.ts';
import { SETTINGS_ID, Settings } from '../../settings/settings.entity.ts';
import { toSettingsView } from '../../settings/settings-view.ts';
import { loadOrderViews } from './order-list.ts';

/** The publisher's reads on a caller's transaction (the outbox relay's snapshot), instead of a fresh one. */
export function committedReadsOn(em: EntityManager): CommittedReads {
  return {
    orders: (ids) => loadOrderViews(em, ids),
    settings: async () => toSettingsView(await em.findOneOrFail(Settings, SETTINGS_ID)),
  };
}
