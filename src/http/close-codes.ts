/**
 * WebSocket close codes this server sends besides graphql-ws's own (4400 bad request, 4401 unauthorized,
 * 4403 forbidden, 4408 no `connection_init` in time, 4409 duplicate id, 4429 a second `connection_init`,
 * 4500 internal error). graphql-ws's client gives up on 4400, 4401, 4409, 4429 and 4500 and retries on the
 * others, so the codes below that ask for a reconnect are outside that list.
 */
export const ServerCloseCode = {
  /** The server is shutting down: reconnect, the load balancer routes to another process. */
  GoingAway: 1001,
  /** A frame exceeded WS_MAX_PAYLOAD_BYTES (sent by `ws` itself). */
  MessageTooBig: 1009,
  /** The Origin header is not in ALLOWED_ORIGINS. */
  ForbiddenOrigin: 4403,
  /**
   * Over a per-principal limit (MUTATION_RATE_LIMIT or MAX_CONNECTIONS_PER_USER): reconnect after the
   * `retry after N s` the reason states. Not graphql-ws's 4429, which means a protocol error (a second
   * `connection_init`) and after which its client never reconnects. Sent as `LimitClose` orders it (after the
   * answers of running operations) when over MUTATION_RATE_LIMIT.
   */
  RateLimited: 4008,
  /**
   * The token the socket was authenticated with has expired (its `exp`); nothing committed after that instant
   * reaches the socket. Reconnect with a fresh token, subscribe, then re-read the snapshot. Sent as `LimitClose`
   * orders it: operations sent before the expiry still answer first.
   */
  TokenExpired: 4011,
} as const;

/** The close reason of {@link ServerCloseCode.RateLimited}: the limit's variable and the wait, whole seconds. */
export function rateLimitedReason(limit: string, retryAfterSeconds: number): string {
  return `rate limited (${limit}); retry after ${retryAfterSeconds} s`;
}
