import type { EntityManager } from '@mikro-orm/core';
import { SETTINGS_ID, Settings } from '../../settings/settings.entity.ts';
import type { SettingsViewReads } from '../../settings/settings-publication.ts';
import { toSettingsView } from '../../settings/settings-view.ts';
import type { OrderViewReads } from '../live/order-publication.ts';
import { loadOrderViews } from './order-list.ts';

/** The publisher's reads on a caller's transaction (the outbox relay's snapshot), instead of a fresh one. */
export function committedReadsOn(em: EntityManager): OrderViewReads & SettingsViewReads {
  return {
    orders: (ids) => loadOrderViews(em, ids),
    settings: async () => toSettingsView(await em.findOneOrFail(Settings, SETTINGS_ID)),
  };
}
