import type { Metrics } from '../observability/metrics.ts';
import type { Channels } from '../realtime/channels.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import type { PublicationPart } from '../realtime/live-publisher.ts';
import type { SettingsView } from './settings-view.ts';

/** The committed settings, for `settingsUpdated`. */
export function settingsChannel(channels: Channels): string {
  return channels.named('settings');
}

/** Whether a committed transaction changed the settings row, as the after-commit hook reports it. */
export interface SettingsChanges {
  settingsChanged: boolean;
}

/** Where the publisher reads the committed settings. */
export interface SettingsViewReads {
  settings(): Promise<SettingsView>;
}

/** The settings' part of publishing a commit: the committed settings on their channel (settingsUpdated). */
export function settingsPublication(deps: {
  bus: EventBus;
  channels: Channels;
  metrics?: Metrics;
}): PublicationPart<SettingsChanges, SettingsViewReads> {
  return async (changes, reads, send) => {
    if (!changes.settingsChanged) return;
    const settings = await reads.settings();
    send(
      deps.bus.publish(settingsChannel(deps.channels), settings).then(() => {
        deps.metrics?.eventsPublished.inc({ kind: 'settings' });
      }),
    );
  };
}
