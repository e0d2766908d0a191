import type { Metrics } from '../observability/metrics.ts';
import type { ChangeRecorder } from '../realtime/after-commit.ts';
import type { AfterCommitWork } from '../realtime/after-commit-work.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import { Settings } from './settings.entity.ts';
import type { SettingsService } from './settings.service.ts';
import { toSettingsView } from './settings-view.ts';

/** The settings' channel name under the deployment's prefix. */
export function settingsChannel(prefix: string): string {
  return `${prefix}settings`;
}

/**
 * Publishes the committed settings (settingsUpdated) after every transaction that wrote the settings row: a
 * recorder for the after-commit buffer, reading the committed row once per change.
 */
export function settingsPublishing(deps: {
  bus: EventBus;
  channel: string;
  settings: SettingsService;
  work: AfterCommitWork;
  metrics?: Metrics;
}): ChangeRecorder<{ changed: boolean }> {
  const publish = async () => {
    const settings = await deps.settings.current();
    await deps.bus.publish(deps.channel, toSettingsView(settings));
    deps.metrics?.eventsPublished.inc({ kind: 'settings' });
  };
  return {
    empty: () => ({ changed: false }),
    flushed: (record, changeSets) => {
      if (changeSets.some((changeSet) => changeSet.entity instanceof Settings)) record.changed = true;
    },
    merge: (into, from) => {
      into.changed ||= from.changed;
    },
    isEmpty: (record) => !record.changed,
    committed: () => deps.work.start('settings', publish),
  };
}
