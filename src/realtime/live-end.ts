/**
 * Why a live stream cannot go on: its source can no longer be brought back to the committed state.
 * - `LIVE_SOURCE_LOST`: the process's Redis link has been away longer than `PUBSUB_OUTAGE_LIMIT_MS`, or a
 *   re-read of the committed state after a gap failed; nothing newer can be promised.
 * - `NOT_FOUND`: what the stream watches no longer exists.
 */
export type LiveEndCode = 'LIVE_SOURCE_LOST' | 'NOT_FOUND';

/**
 * The last value a live stream yields before it completes; the subscription's resolver turns it into a
 * GraphQL error with `extensions.code`, so the client learns that its view stopped being live and why.
 */
export class LiveEnd {
  readonly code: LiveEndCode;
  readonly message: string;

  constructor(code: LiveEndCode, message: string) {
    this.code = code;
    this.message = message;
  }
}

/** The end every stream of a process yields when its Redis link has been away too long. */
export function sourceLost(): LiveEnd {
  return new LiveEnd(
    'LIVE_SOURCE_LOST',
    'Live updates stopped: the event channel has been unavailable too long. Re-read, then subscribe again.',
  );
}
