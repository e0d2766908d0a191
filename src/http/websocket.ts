import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { type ExecutionArgs, GraphQLError, getOperationAST } from 'graphql';
import type { Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { type WebSocket, WebSocketServer } from 'ws';
import { authenticate } from '../auth/tokens.ts';
import type { Config } from '../config.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { ServerCloseCode } from './close-codes.ts';
import { limitExceeded, limitKey } from './limits.ts';
import { upgradeOriginAllowed } from './origins.ts';
import { authorizationFrom, GRAPHQL_PATH } from './yoga.ts';

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
};

/** What this server tracks per connection, beside graphql-ws's own context. */
interface Connection {
  id: string;
  /** The limit key counted in `connectionsPerKey` once the connection was acknowledged. */
  key: string | undefined;
  /** Active subscriptions by operation id, with the field they count under. */
  subscriptions: Map<string, string>;
}

function rootField(args: ExecutionArgs): string {
  const operation = getOperationAST(args.document, args.operationName);
  const first = operation?.selectionSet.selections.find((selection) => selection.kind === 'Field');
  return first?.kind === 'Field' ? first.name.value : 'unknown';
}

/**
 * graphql-ws on the same port and path as HTTP. Every operation goes through `yoga.getEnveloped`, so the
 * plugins (auth, query shape limits, mutation rate, metrics, error masking) are the same as over HTTP. The
 * limits graphql-ws does not have are added here: Origin check, connections per user, subscriptions per
 * connection; keep-alive pings terminate peers that stopped answering.
 */
export function attachWebSocketServer(options: {
  httpServer: Server;
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  config: Config;
  metrics: Metrics;
  logger: Logger;
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
  wss.on('connection', (socket) => {
    metrics.websocketConnections.inc();
    socket.once('close', () => metrics.websocketConnections.dec());
  });

  const connections = new WeakMap<object, Connection>();
  const connectionsPerKey = new Map<string, number>();
  const connectionOf = (ctx: Context<Record<string, unknown> | undefined, Extra>): Connection => {
    let connection = connections.get(ctx);
    if (!connection) {
      connection = { id: randomUUID(), key: undefined, subscriptions: new Map() };
      connections.set(ctx, connection);
    }
    return connection;
  };
  const endSubscription = (connection: Connection, id: string): void => {
    const field = connection.subscriptions.get(id);
    if (field === undefined) return;
    connection.subscriptions.delete(id);
    metrics.activeSubscriptions.dec({ field });
  };

  const disposable = useServer<Record<string, unknown> | undefined, Extra>(
    {
      isProd: config.production,
      connectionInitWaitTimeout: limits.wsConnectionInitTimeoutMs,
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
      onConnect: async (ctx) => {
        let viewer: Awaited<ReturnType<typeof authenticate>>;
        try {
          viewer = await authenticate(config.jwtSecret, authorizationFrom(undefined, ctx.connectionParams));
        } catch {
          return false;
        }
        const connection = connectionOf(ctx);
        const key = limitKey(viewer, ctx.extra.request.socket.remoteAddress);
        const open = connectionsPerKey.get(key) ?? 0;
        if (open >= limits.maxConnectionsPerUser) {
          metrics.limitRejections.inc({ limit: 'connections_per_user' });
          ctx.extra.socket.close(
            ServerCloseCode.TooManyRequests,
            `too many connections (MAX_CONNECTIONS_PER_USER=${limits.maxConnectionsPerUser})`,
          );
          return false;
        }
        connectionsPerKey.set(key, open + 1);
        connection.key = key;
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const connection = connectionOf(ctx);
        try {
          const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
            ...ctx,
            req: ctx.extra.request,
            socket: ctx.extra.socket,
            params: payload,
            transport: 'websocket',
            requestId: connection.id,
            rejectSocket: (code: number, reason: string) => ctx.extra.socket.close(code, reason),
          });
          const args: ExecutionArgs = {
            schema,
            operationName: payload.operationName,
            document: parse(payload.query),
            variableValues: payload.variables,
            contextValue: await contextFactory(),
            rootValue: { execute, subscribe } satisfies EnvelopedRoot,
          };
          const errors = validate(args.schema, args.document);
          if (errors.length) return errors;
          if (getOperationAST(args.document, args.operationName)?.operation === 'subscription') {
            if (connection.subscriptions.size >= limits.maxSubscriptionsPerConnection) {
              metrics.limitRejections.inc({ limit: 'subscriptions_per_connection' });
              return [
                limitExceeded(
                  'MAX_SUBSCRIPTIONS_PER_CONNECTION',
                  `at most ${limits.maxSubscriptionsPerConnection} active subscriptions per connection (MAX_SUBSCRIPTIONS_PER_CONNECTION)`,
                ),
              ];
            }
            const field = rootField(args);
            connection.subscriptions.set(id, field);
            metrics.activeSubscriptions.inc({ field });
          }
          return args;
        } catch (error) {
          // Parse errors and rejected limits end this operation only; graphql-ws would close the socket.
          if (error instanceof GraphQLError) return [error];
          logger.error({ err: error, requestId: connection.id }, 'websocket subscribe failed');
          return [new GraphQLError('Unexpected error.')];
        }
      },
      onNext: (ctx, id) => {
        const field = connectionOf(ctx).subscriptions.get(id);
        if (field !== undefined) metrics.eventsDelivered.inc({ field });
      },
      onComplete: (ctx, id) => endSubscription(connectionOf(ctx), id),
      onError: (ctx, id, _payload, errors) => {
        endSubscription(connectionOf(ctx), id);
        logger.debug(
          { requestId: connectionOf(ctx).id, errors: errors.map((error) => error.message) },
          'websocket operation error',
        );
      },
      onClose: (ctx) => {
        const connection = connectionOf(ctx);
        for (const id of [...connection.subscriptions.keys()]) endSubscription(connection, id);
        if (connection.key) {
          const open = (connectionsPerKey.get(connection.key) ?? 1) - 1;
          if (open > 0) connectionsPerKey.set(connection.key, open);
          else connectionsPerKey.delete(connection.key);
          connection.key = undefined;
        }
      },
    },
    wss,
    limits.wsKeepAliveMs,
  );
  return { wss, dispose: () => disposable.dispose() };
}
