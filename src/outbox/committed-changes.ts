import type { OrderChanges, OrderViewReads } from '../orders/index.ts';
import type { SettingsChanges, SettingsViewReads } from '../settings/settings-publication.ts';

/**
 * What one committed transaction changed, as far as live views care: the orders (`orders/live`) and the
 * settings row (`settings/`), plus the outbox rows written for it (empty when no recorder is installed).
 * The outbox keeps it durably; the live publisher sends it.
 */
export type CommittedChanges = OrderChanges &
  SettingsChanges & {
    outboxIds: readonly string[];
  };

/** Where the live publisher reads committed state it did not capture: a snapshot read, or a caller's transaction. */
export type CommittedReads = OrderViewReads & SettingsViewReads;
