import type { GraphQLError } from 'graphql';
import { MessageType } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { formatWebSocketError } from './websocket-errors.ts';

/** Why and how the server closes a socket for a limit (4008 over a rate, 4011 at token expiry). */
export interface LimitCloseRequest {
  code: number;
  /** The close reason (at most 123 bytes). */
  reason: string;
  /** What every operation the client starts from now on is answered with, as an `error` message. */
  refusal: GraphQLError;
}

/**
 * A socket's close for a limit, in the order a client can act on: a till must learn which of its mutations went
 * through before the socket goes.
 *
 * 1. From {@link begin} on, every new `subscribe` is answered with an `error` message carrying the refusal (which
 *    names the limit) and never runs.
 * 2. Operations already running finish and send their results; those the server {@link withhold}s (live
 *    subscriptions: nothing of theirs may follow a token's expiry, and the client resubscribes after
 *    reconnecting anyway) send nothing more, not even `complete`, which would tell graphql-ws's client that
 *    the subscription ended for good.
 * 3. The socket closes with the code once nothing is running, or after `graceMs` at the latest.
 */
export class LimitClose {
  readonly #socket: WebSocket;
  readonly #graceMs: number;
  /** Settles once the operations running on the socket have ended. */
  readonly #settled: () => Promise<void>;
  readonly #withheld = new Set<string>();
  #refusal: GraphQLError | undefined;
  #grace: NodeJS.Timeout | undefined;

  constructor(socket: WebSocket, graceMs: number, settled: () => Promise<void>) {
    this.#socket = socket;
    this.#graceMs = graceMs;
    this.#settled = settled;
    socket.once('close', () => clearTimeout(this.#grace));
  }

  /** The refusal while the socket is closing for a limit; undefined before. */
  get refusal(): GraphQLError | undefined {
    return this.#refusal;
  }

  /** Starts the close; false (nothing changes) when one already started: the first limit's code stands. */
  begin(request: LimitCloseRequest): boolean {
    if (this.#refusal) return false;
    this.#refusal = request.refusal;
    const grace = new Promise<void>((resolve) => {
      this.#grace = setTimeout(resolve, this.#graceMs);
    });
    void Promise.race([this.#settled(), grace]).then(() => {
      clearTimeout(this.#grace);
      this.#socket.close(request.code, request.reason);
    });
    return true;
  }

  /** Nothing more is sent for operation `id` (see the class comment). */
  withhold(id: string): void {
    this.#withheld.add(id);
  }

  /** Answers a `subscribe` for `id` that arrived while closing with the refusal. */
  refuse(id: string): void {
    if (!this.#refusal || this.#socket.readyState !== this.#socket.OPEN) return;
    const payload = [formatWebSocketError(this.#refusal)];
    this.#socket.send(JSON.stringify({ id, type: MessageType.Error, payload }));
  }

  /** Whether the outgoing `frame` belongs to a withheld operation and must not be sent. */
  withholds(frame: string): boolean {
    if (this.#withheld.size === 0) return false;
    try {
      const { id } = JSON.parse(frame) as { id?: unknown };
      return typeof id === 'string' && this.#withheld.has(id);
    } catch {
      return false;
    }
  }
}
