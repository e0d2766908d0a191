import { minorUnitsOf } from '../../money/currency.ts';
import { Decimal, toMoneyString } from '../../money/decimal.ts';
import type { OrderStatus } from './order-status.ts';

export interface StatusChangeView {
  from: OrderStatus;
  to: OrderStatus;
  actor: string;
  at: string;
  reason: string | null;
}

/** When the order reached each kitchen milestone, and the durations staff watch (whole seconds). */
export interface OrderTimingsView {
  validatedAt: string | null;
  paidAt: string | null;
  preparingAt: string | null;
  readyAt: string | null;
  doneAt: string | null;
  secondsCreatedToPaid: number | null;
  secondsPaidToReady: number | null;
  secondsReadyToDone: number | null;
}

/** One recorded transition as stored (the status-history row). */
export interface RecordedTransition {
  id: string;
  fromStatus: OrderStatus;
  toStatus: OrderStatus;
  actor: string;
  reason?: string | null;
  at: Date;
}

export function toStatusHistory(changes: readonly RecordedTransition[]): StatusChangeView[] {
  return [...changes]
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id))
    .map((change) => ({
      from: change.fromStatus,
      to: change.toStatus,
      actor: change.actor,
      at: change.at.toISOString(),
      reason: change.reason ?? null,
    }));
}

function secondsBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  return Math.round((Date.parse(to) - Date.parse(from)) / 1000);
}

/** Derived from the history, so timings can never disagree with it. */
export function toTimings(createdAt: string, history: readonly StatusChangeView[]): OrderTimingsView {
  const reached = (status: OrderStatus) => history.find((change) => change.to === status)?.at ?? null;
  const paidAt = reached('PAID');
  const readyAt = reached('READY');
  const doneAt = reached('DONE');
  return {
    validatedAt: reached('VALIDATED'),
    paidAt,
    preparingAt: reached('PREPARING'),
    readyAt,
    doneAt,
    secondsCreatedToPaid: secondsBetween(createdAt, paidAt),
    secondsPaidToReady: secondsBetween(paidAt, readyAt),
    secondsReadyToDone: secondsBetween(readyAt, doneAt),
  };
}

export const TIMELINE_ENTRY_KINDS = ['CREATED', 'STATUS_CHANGED', 'REPRICED'] as const;
export type TimelineEntryKind = (typeof TIMELINE_ENTRY_KINDS)[number];

/** One line of an order's timeline as staff read it. */
export interface TimelineEntryView {
  kind: TimelineEntryKind;
  at: string;
  actor: string;
  /** e.g. `VALIDATED → PAID by till-1` or `re-priced 10.00 → 10.95: tax 8 % → 9.5 %, change #42 by admin`. */
  text: string;
  /** REPRICED: the number of the price change (`#42`). */
  priceChangeId: number | null;
}

/** One re-pricing of the order as stored (the audit row and the change it belongs to). */
export interface RecordedRepricing {
  id: number;
  at: Date;
  /** The order's currency after the re-pricing; totals as stored (scale 3). */
  currency: string;
  oldTotal: string;
  newTotal: string;
  change: { id: number; actor: string; summary: string };
}

/**
 * An audited amount at the currency's minor unit, but never hiding a digit it has: a total from before a
 * currency change may have more decimals than the new currency.
 */
export function recordedAmount(value: string, currency: string): string {
  const amount = new Decimal(value);
  return toMoneyString(amount, Math.max(minorUnitsOf(currency), amount.decimalPlaces()));
}

export function repricingText(repricing: RecordedRepricing): string {
  const { change, currency } = repricing;
  return (
    `re-priced ${recordedAmount(repricing.oldTotal, currency)} → ${recordedAmount(repricing.newTotal, currency)}: ` +
    `${change.summary}, change #${change.id} by ${change.actor}`
  );
}

function transitionText(change: RecordedTransition): string {
  const text = `${change.fromStatus} → ${change.toStatus} by ${change.actor}`;
  return change.reason ? `${text}: ${change.reason}` : text;
}

const KIND_ORDER: Record<TimelineEntryKind, number> = { CREATED: 0, STATUS_CHANGED: 1, REPRICED: 2 };

/**
 * Everything that happened to an order, oldest first: its creation, every status change and every re-pricing
 * by a settings or product price change. Entries at the same instant keep that kind order.
 */
export function toTimeline(
  order: { createdAt: Date; createdBy: string },
  transitions: readonly RecordedTransition[],
  repricings: readonly RecordedRepricing[],
): TimelineEntryView[] {
  const entries: { at: Date; tie: string; entry: TimelineEntryView }[] = [
    {
      at: order.createdAt,
      tie: '',
      entry: {
        kind: 'CREATED',
        at: order.createdAt.toISOString(),
        actor: order.createdBy,
        text: `created by ${order.createdBy}`,
        priceChangeId: null,
      },
    },
    ...transitions.map((change) => ({
      at: change.at,
      tie: change.id,
      entry: {
        kind: 'STATUS_CHANGED' as const,
        at: change.at.toISOString(),
        actor: change.actor,
        text: transitionText(change),
        priceChangeId: null,
      },
    })),
    ...repricings.map((repricing) => ({
      at: repricing.at,
      tie: String(repricing.id).padStart(20, '0'),
      entry: {
        kind: 'REPRICED' as const,
        at: repricing.at.toISOString(),
        actor: repricing.change.actor,
        text: repricingText(repricing),
        priceChangeId: repricing.change.id,
      },
    })),
  ];
  return entries
    .sort(
      (a, b) =>
        a.at.getTime() - b.at.getTime() ||
        KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind] ||
        a.tie.localeCompare(b.tie),
    )
    .map(({ entry }) => entry);
}
