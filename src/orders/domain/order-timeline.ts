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
