import { randomUUID } from 'node:crypto';
import { CloseCode, type Message, MessageType, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { readClientFrame } from './client-frames.ts';
import { LimitClose } from './limit-close.ts';
import { withSharedPayload } from './shared-frame-payloads.ts';

/** What graphql-ws's hooks receive as `ctx.extra` for a socket served here. */
export interface SocketExtra {
  socket: WebSocket;
  /**
   * The client's address, read at the upgrade. The upgrade request itself is not kept: its headers would stay
   * in memory for as long as the socket is open.
   */
  remoteAddress: string | undefined;
  /** The connection's id: every log line about the socket or its operations carries it as `requestId`. */
  requestId: string;
  /** The socket's close for a limit: refuse new operations, let running ones answer, then close. */
  limitClose: LimitClose;
}

/**
 * Serves graphql-ws's protocol (graphql-transport-ws, through its `makeServer`) on the `ws` server `wss`, in place
 * of graphql-ws's own `useServer` adapter, for what that adapter does not guarantee:
 *
 * - **Operation ids are reusable exactly as the protocol allows.** After the client's `complete` for id `x`, a new
 *   `subscribe` for `x` is legal; graphql-ws keeps one table entry per id, so if the earlier operation is still
 *   between `subscribe` and its first result (the asynchronous `onSubscribe`, `subscribe`), the two share the entry
 *   and one is left running with no owner. Here every frame naming an id is handed over in arrival order, and a
 *   frame that follows a `complete` waits until the server has finished the operation that `complete` ended.
 * - **The socket's close always runs `onSocketClosed`**, even when graphql-ws's own close handling fails.
 * - **A client's protocol mistake is not a fault.** A frame that is not a graphql-transport-ws message, or one
 *   only a server sends (`connection_ack`, `next`, `error`: graphql-ws throws on those), closes the socket with
 *   4400 and is logged at info and counted as `kind="client"`, before graphql-ws sees it. Whatever fails after
 *   that is the server's: logged as an error, counted as `kind="internal"`, closed with 4500.
 *
 * - **A close for a limit loses no answer** ({@link LimitClose}): operations already running send their results
 *   before the close; the ones that arrive after it started are refused with an `error` message.
 *
 * Keep-alive as in graphql-ws: a ping every `keepAliveMs`; a peer that has not answered by the next is cut off.
 */
export function serveGraphQLWs<Params extends Record<string, unknown> | undefined>(options: {
  wss: WebSocketServer;
  server: ServerOptions<Params, SocketExtra>;
  keepAliveMs: number;
  /** How long a close for a limit waits for running operations before closing anyway (ms). */
  closeGraceMs: number;
  production: boolean;
  logger: Logger;
  metrics: Metrics;
  /** Called once per socket when it opens (before any frame is handled). */
  onSocketOpened(socket: WebSocket): void;
  /** Called exactly once per socket when it has closed, for whatever reason. */
  onSocketClosed(socket: WebSocket): void;
}): { dispose(): Promise<void> } {
  const { wss, logger, metrics, production } = options;
  const server = makeServer(options.server);
  wss.options.handleProtocols = (protocols) =>
    protocols.has('graphql-transport-ws') ? 'graphql-transport-ws' : false;

  wss.on('connection', (socket, request) => {
    options.onSocketOpened(socket);
    const requestId = randomUUID();
    const internalError = (error: unknown, what: string) => {
      logger.error({ err: error, requestId }, what);
      metrics.websocketProtocolErrors.inc({ kind: 'internal', reason: 'message_handling' });
      const reason = production || !(error instanceof Error) ? 'Internal server error' : error.message;
      socket.close(CloseCode.InternalServerError, reason.slice(0, 120));
    };
    // `ws` reports what a peer did wrong (an oversized or malformed frame, a reset) and closes the socket itself.
    socket.on('error', (error: Error & { code?: string }) =>
      logger.info({ code: error.code, reason: error.message, requestId }, 'websocket peer error'),
    );
    const keepAlive = keepAliveTimer(socket, options.keepAliveMs);

    let handle: (data: string) => Promise<void> = async () => {};
    const ordering = new OperationOrdering((data) => handle(data));
    const limitClose = new LimitClose(socket, options.closeGraceMs, () => ordering.settled());
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          // First, always: graphql-ws stringified this frame just now, in the same synchronous call.
          const frame = withSharedPayload(data);
          if (limitClose.withholds(frame)) return Promise.resolve();
          return new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(frame, (error) => (error ? reject(error) : resolve()));
          });
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (callback) => {
          handle = async (data) => {
            try {
              await callback(data);
            } catch (error) {
              internalError(error, 'websocket message handling failed');
            }
          };
        },
      },
      { socket, remoteAddress: request.socket.remoteAddress, requestId, limitClose },
    );
    socket.on('message', (data) => {
      if (socket.readyState !== socket.OPEN) return;
      const text = String(data);
      const frame = readClientFrame(text);
      if (frame.mistake !== undefined) {
        const { mistake } = frame;
        logger.info({ requestId, reason: mistake.reason, detail: mistake.detail }, 'websocket frame refused');
        metrics.websocketProtocolErrors.inc({ kind: 'client', reason: mistake.reason });
        socket.close(CloseCode.BadRequest, mistake.closeReason);
        return;
      }
      const operation = operationOf(frame.message);
      if (limitClose.refusal && operation?.type === MessageType.Subscribe)
        return limitClose.refuse(operation.id);
      ordering.receive(text, operation);
    });
    socket.once('close', (code, reason) => {
      keepAlive.stop();
      options.onSocketClosed(socket);
      closed(code, String(reason)).catch((error: unknown) =>
        logger.error({ err: error, requestId }, 'websocket close handling failed'),
      );
    });
  });

  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/**
 * Hands frames to graphql-ws so that, per operation id, they arrive in order and a `complete` for a running
 * operation is followed by nothing for that id until the operation has ended. Frames without an id
 * (`connection_init`, `ping`, `pong`) are handed over at once.
 */
class OperationOrdering {
  readonly #handle: (data: string) => Promise<void>;
  /** Per id: resolves when the next frame for that id may be handed over. Absent: at once. */
  readonly #gates = new Map<string, Promise<void>>();
  /** Per id: graphql-ws's handling of its current `subscribe` (settles when that operation has ended). */
  readonly #running = new Map<string, Promise<void>>();

  constructor(handle: (data: string) => Promise<void>) {
    this.#handle = handle;
  }

  /** `routed` is the frame's operation, as {@link operationOf} reads it from the already parsed message. */
  receive(data: string, routed: Operation | undefined): void {
    if (!routed) {
      void this.#handle(data);
      return;
    }
    const { id } = routed;
    const gate = this.#gates.get(id);
    const next =
      gate === undefined
        ? this.#deliver(routed.type, id, data)
        : gate.then(() => this.#deliver(routed.type, id, data));
    if (!next) return;
    this.#gates.set(id, next);
    void next.then(() => {
      if (this.#gates.get(id) === next) this.#gates.delete(id);
    });
  }

  /** Settles once every operation handed over has ended (those handed over meanwhile included). */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }

  /** Hands the frame over; returns what the next frame for `id` must wait for, if anything. */
  #deliver(type: string, id: string, data: string): Promise<void> | undefined {
    const handled = this.#handle(data);
    if (type === MessageType.Subscribe) {
      this.#running.set(id, handled);
      void handled.then(() => {
        if (this.#running.get(id) === handled) this.#running.delete(id);
      });
      return undefined;
    }
    return this.#running.get(id);
  }
}

/** A frame that names an operation: its type and id. */
interface Operation {
  type: MessageType.Subscribe | MessageType.Complete;
  id: string;
}

/** The operation a valid message names (`parseMessage` has checked that its id is a non-empty string). */
function operationOf(message: Message): Operation | undefined {
  if (message.type === MessageType.Subscribe || message.type === MessageType.Complete) {
    return { type: message.type, id: message.id };
  }
  return undefined;
}

function keepAliveTimer(socket: WebSocket, intervalMs: number): { stop(): void } {
  if (!(intervalMs > 0 && Number.isFinite(intervalMs))) return { stop() {} };
  let answered = true;
  socket.on('pong', () => {
    answered = true;
  });
  const interval = setInterval(() => {
    if (!answered) {
      socket.terminate();
      return;
    }
    answered = false;
    socket.ping();
  }, intervalMs);
  return { stop: () => clearInterval(interval) };
}
