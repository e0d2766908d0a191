import type { ConnectionState } from './live-client.ts';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  rejected: 'Not connected',
};

/**
 * The indicator every live page shows: text for everyone (it is a `role="status"` region, so screen readers
 * hear changes), `data-state` for the colour and for tests.
 */
export function showConnectionState(indicator: HTMLElement, state: ConnectionState): void {
  if (indicator.dataset.state === state) return;
  indicator.dataset.state = state;
  indicator.textContent = LABELS[state];
}
