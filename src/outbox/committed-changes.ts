import {
  type CaptureOrderView,
  type OrderChangeRecord,
  type OrderChanges,
  type OrderViewReads,
  orderChangeTracker,
} from '../orders/index.ts';
import { type ChangeTracker, combineTrackers } from '../realtime/publish-after-commit.ts';
import { settingsChangeTracker } from '../settings/settings-change-tracker.ts';
import type { SettingsChanges, SettingsViewReads } from '../settings/settings-publication.ts';

/**
 * What an open transaction changed so far, as the after-commit buffer keeps it: the orders' part
 * (`orders/live`) and the settings' part (`settings/`).
 */
export type TransactionChanges = OrderChangeRecord & SettingsChanges;

/**
 * What one committed transaction changed, as far as live views care, plus the outbox rows written for it
 * (empty when no recorder is installed). The outbox keeps it durably; the live publisher sends it.
 */
export type CommittedChanges = OrderChanges &
  SettingsChanges & {
    outboxIds: readonly string[];
  };

/** Where the live publisher reads committed state it did not capture: a snapshot read, or a caller's transaction. */
export type CommittedReads = OrderViewReads & SettingsViewReads;

/**
 * The after-commit buffer's tracker: orders and settings each recognise their own writes in every flush.
 * `capture` builds an order's view from memory at flush time (without it, orders are read after commit).
 */
export function transactionChangeTracker(capture?: CaptureOrderView): ChangeTracker<TransactionChanges> {
  return combineTrackers(orderChangeTracker(capture), settingsChangeTracker);
}
