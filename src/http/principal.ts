import type { Viewer } from '../auth/viewer.ts';

/**
 * Who a rate limit or connection cap counts against: a staff member (or admin) by token subject, a guest by the
 * order its customer token is scoped to (not the staff member whose `sub` the token carries: a guest must never
 * spend a till's or a board's allowance), and nobody signed in by client address.
 *
 * Returns a Redis-safe key such as `staff:alice`, `guest:<orderId>` or `address:203.0.113.7`.
 */
export function principalOf(viewer: Viewer, remoteAddress: string | undefined): string {
  switch (viewer.kind) {
    case 'staff':
      return `staff:${viewer.sub}`;
    case 'customer':
      return `guest:${viewer.orderId}`;
    case 'anonymous':
      return `address:${remoteAddress ?? 'unknown'}`;
  }
}
