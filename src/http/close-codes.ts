/**
 * WebSocket close codes this server sends besides graphql-ws's own (4400 bad request, 4401 unauthorized,
 * 4403 forbidden, 4408 no `connection_init` in time, 4409 duplicate id, 4500 internal error).
 * Clients reconnect (elsewhere) on 1001 and back off before reconnecting on the 44xx limit codes.
 */
export const ServerCloseCode = {
  /** The server is shutting down: reconnect, the load balancer routes to another process. */
  GoingAway: 1001,
  /** A frame exceeded WS_MAX_PAYLOAD_BYTES (sent by `ws` itself). */
  MessageTooBig: 1009,
  /** The Origin header is not in ALLOWED_ORIGINS. */
  ForbiddenOrigin: 4403,
  /** Over MUTATION_RATE_LIMIT, or over MAX_CONNECTIONS_PER_USER: back off, then reconnect. */
  TooManyRequests: 4429,
} as const;
