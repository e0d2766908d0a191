import type { IncomingMessage, Server } from 'node:http';
import { type ExecutionArgs, GraphQLError, getOperationAST } from 'graphql';
import { CloseCode, type FormattedExecutionResult } from 'graphql-ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { type WebSocket, WebSocketServer } from 'ws';
import { authenticate } from '../auth/tokens.ts';
import type { Config } from '../config.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { operationLabels } from '../observability/operation-labels.ts';
import { rateLimitedReason, ServerCloseCode } from './close-codes.ts';
import type { ConnectionSlots } from './connection-slots.ts';
import { type SocketExtra, serveGraphQLWs } from './graphql-ws-transport.ts';
import type { LimitCloseRequest } from './limit-close.ts';
import { limitExceeded, type MutationRateCheck } from './limits.ts';
import { upgradeOriginAllowed } from './origins.ts';
import { principalOf } from './principal.ts';
import { sharedPayload } from './shared-frame-payloads.ts';
import { SocketLedger } from './socket-ledger.ts';
import { tokenExpiresAtMs } from './token-expiry.ts';
import { formatWebSocketError } from './websocket-errors.ts';
import { authorizationFrom, GRAPHQL_PATH } from './yoga.ts';

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

/** The back-off a client refused a connection slot is told to wait before trying again. */
const CONNECTION_RETRY_AFTER_SECONDS = 5;

function isStream(value: unknown): value is AsyncIterable<unknown> & { return(): unknown } {
  const candidate = Object(value) as { [Symbol.asyncIterator]?: unknown; return?: unknown };
  return typeof candidate[Symbol.asyncIterator] === 'function' && typeof candidate.return === 'function';
}

/** The subscription's root field, as the metrics name it (bounded by the schema). */
function rootField(args: ExecutionArgs): string {
  return operationLabels(args.schema, args.document, args.operationName).field;
}

/**
 * graphql-ws on the same port and path as HTTP. Every operation goes through `yoga.getEnveloped`, so the
 * plugins (auth, query shape limits, mutation rate, metrics, error masking) are the same as over HTTP. The
 * limits graphql-ws does not have are added here: Origin check, connections per user, subscriptions per
 * connection; the mutation rate is counted here too, so that going over it closes the socket as `LimitClose`
 * describes (as does the token's expiry). What each socket holds is kept in its {@link SocketLedger}.
 */
export function attachWebSocketServer(options: {
  httpServer: Server;
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  config: Config;
  metrics: Metrics;
  logger: Logger;
  connectionSlots: ConnectionSlots;
  /** Counts a mutation against MUTATION_RATE_LIMIT (the same check yoga's plugin makes over HTTP). */
  mutationRate: MutationRateCheck;
}) {
  const { yoga, logger, metrics, config } = options;
  const { limits } = config;
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: GRAPHQL_PATH,
    maxPayload: limits.wsMaxPayloadBytes,
    verifyClient: (
      { origin, req }: { origin: string | undefined; req: IncomingMessage },
      respond: (allowed: boolean, status?: number, reason?: string) => void,
    ) => {
      if (upgradeOriginAllowed(config, origin, req.headers.host)) return respond(true);
      metrics.limitRejections.inc({ limit: 'websocket_origin' });
      respond(false, 403, 'origin not allowed');
    },
  });

  const ledgers = new WeakMap<WebSocket, SocketLedger>();
  const ledgerOf = (socket: WebSocket): SocketLedger => {
    const ledger = ledgers.get(socket);
    if (!ledger) throw new Error('websocket without a ledger');
    return ledger;
  };
  /**
   * Closes the socket for a limit (see `LimitClose`): its live subscriptions end silently at once, the answers
   * of operations already running still go out, new operations are refused.
   */
  const closeForLimit = (extra: SocketExtra, request: LimitCloseRequest): void => {
    if (!extra.limitClose.begin(request)) return;
    const ledger = ledgerOf(extra.socket);
    for (const id of ledger.subscriptionIds()) {
      extra.limitClose.withhold(id);
      ledger.endSubscription(id);
    }
  };
  /**
   * No live value committed after the token's `exp` may reach the socket: the client renews and reconnects.
   * Answers to operations it sent before then are its own actions' outcomes, and still reach it.
   */
  const closeExpired = (extra: SocketExtra): void =>
    closeForLimit(extra, {
      code: ServerCloseCode.TokenExpired,
      reason: 'token expired: reconnect with a fresh token',
      refusal: new GraphQLError('The token has expired.', { extensions: { code: 'UNAUTHENTICATED' } }),
    });

  const transport = serveGraphQLWs<Record<string, unknown> | undefined>({
    wss,
    keepAliveMs: limits.wsKeepAliveMs,
    closeGraceMs: limits.wsCloseGraceMs,
    production: config.production,
    logger,
    metrics,
    onSocketOpened: (socket) => {
      ledgers.set(socket, new SocketLedger(metrics, logger));
    },
    onSocketClosed: (socket) => ledgerOf(socket).close(),
    server: {
      connectionInitWaitTimeout: limits.wsConnectionInitTimeoutMs,
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
      onConnect: async (ctx) => {
        const authorization = authorizationFrom(undefined, ctx.connectionParams);
        let viewer: Awaited<ReturnType<typeof authenticate>>;
        try {
          viewer = await authenticate(config.jwtSecret, authorization);
        } catch {
          return false;
        }
        const { socket } = ctx.extra;
        const ledger = ledgerOf(socket);
        if (ledger.closed) return false;
        const release = await options.connectionSlots.take(principalOf(viewer, ctx.extra.remoteAddress));
        if (!release) {
          metrics.limitRejections.inc({ limit: 'connections_per_user' });
          socket.close(
            ServerCloseCode.RateLimited,
            `${rateLimitedReason('MAX_CONNECTIONS_PER_USER', CONNECTION_RETRY_AFTER_SECONDS)}: ${limits.maxConnectionsPerUser} open`,
          );
          return false;
        }
        if (!ledger.holdSlot(release)) return false;
        const expiresAtMs = tokenExpiresAtMs(authorization);
        if (expiresAtMs !== undefined) ledger.expireAt(expiresAtMs, () => closeExpired(ctx.extra));
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const { socket, remoteAddress, requestId, limitClose } = ctx.extra;
        const ledger = ledgerOf(socket);
        if (ledger.expired) closeExpired(ctx.extra);
        if (limitClose.refusal) return [limitClose.refusal];
        try {
          const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
            ...ctx,
            remoteAddress,
            socket,
            params: payload,
            transport: 'websocket',
            requestId,
          });
          const document = parse(payload.query);
          const contextValue = await contextFactory();
          const errors = validate(schema, document);
          if (errors.length) return errors;
          const operation = getOperationAST(document, payload.operationName)?.operation;
          if (operation === 'mutation') {
            // Counted here rather than in yoga's plugin, so that a refusal is this operation's `error` message.
            const refused = await options.mutationRate(contextValue as unknown as GraphQLContext);
            if (refused) {
              closeForLimit(ctx.extra, {
                code: ServerCloseCode.RateLimited,
                reason: rateLimitedReason('MUTATION_RATE_LIMIT', refused.retryAfterSeconds),
                refusal: refused.error,
              });
              return [refused.error];
            }
          }
          if (operation !== 'subscription') {
            return {
              schema,
              operationName: payload.operationName,
              document,
              variableValues: payload.variables,
              contextValue,
              rootValue: { execute, subscribe } satisfies EnvelopedRoot,
            };
          }
          if (ledger.subscriptionCount >= limits.maxSubscriptionsPerConnection) {
            metrics.limitRejections.inc({ limit: 'subscriptions_per_connection' });
            return [
              limitExceeded(
                'MAX_SUBSCRIPTIONS_PER_CONNECTION',
                `at most ${limits.maxSubscriptionsPerConnection} active subscriptions per connection (MAX_SUBSCRIPTIONS_PER_CONNECTION)`,
              ),
            ];
          }
          const args: ExecutionArgs = {
            schema,
            operationName: payload.operationName,
            document,
            variableValues: payload.variables,
            contextValue,
            rootValue: {
              execute,
              // The stream is tied to the ledger, so it ends when the operation or the socket does.
              subscribe: async (subscribeArgs) => {
                const result = await subscribe(subscribeArgs);
                if (isStream(result)) ledger.attachStream(id, result);
                return result;
              },
            } satisfies EnvelopedRoot,
          };
          if (ledger.closed) return [new GraphQLError('The connection closed.')];
          if (limitClose.refusal) return [limitClose.refusal];
          if (!ledger.openSubscription(id, rootField(args))) {
            // Frames for one id are handled in order (graphql-ws-transport.ts), so this is graphql-ws's own rule.
            socket.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
            return [new GraphQLError('The connection closed.')];
          }
          return args;
        } catch (error) {
          // Parse errors and rejected limits end this operation only; graphql-ws would close the socket.
          if (error instanceof GraphQLError) return [error];
          logger.error({ err: error, requestId }, 'websocket subscribe failed');
          return [new GraphQLError('Unexpected error.')];
        }
      },
      onNext: (ctx, id, _payload, _args, result) => {
        const ledger = ledgerOf(ctx.extra.socket);
        // Withholds every subscription's value from now on, this one included (the transport drops its frame).
        if (ledger.expired) closeExpired(ctx.extra);
        const field = ledger.fieldOf(id);
        if (field !== undefined) metrics.eventsDelivered.inc({ field });
        // Serialised once for every socket it goes to; the transport splices it into each frame.
        return sharedPayload(result) as unknown as FormattedExecutionResult;
      },
      onComplete: (ctx, id) => ledgerOf(ctx.extra.socket).endSubscription(id),
      onError: (ctx, id, _payload, errors) => {
        ledgerOf(ctx.extra.socket).endSubscription(id);
        logger.debug(
          { requestId: ctx.extra.requestId, errors: errors.map((error) => error.message) },
          'websocket operation error',
        );
        return errors.map(formatWebSocketError);
      },
    },
  });
  return { wss, dispose: () => transport.dispose() };
}
