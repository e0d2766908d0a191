import type { ChangeTracker } from '../realtime/publish-after-commit.ts';
import { Settings } from './settings.entity.ts';
import type { SettingsChanges } from './settings-publication.ts';

/** The settings' part of the after-commit buffer: whether a flush wrote the settings row. */
export const settingsChangeTracker: ChangeTracker<SettingsChanges> = {
  empty: () => ({ settingsChanged: false }),
  noteFlush: (changeSets, into) => {
    if (changeSets.some((changeSet) => changeSet.entity instanceof Settings)) into.settingsChanged = true;
  },
  merge: (from, into) => {
    into.settingsChanged ||= from.settingsChanged;
  },
  isEmpty: (changes) => !changes.settingsChanged,
};
