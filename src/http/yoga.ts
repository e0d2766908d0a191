import type { IncomingMessage } from 'node:http';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { audienceOf } from '../auth/scopes.ts';
import { authenticate } from '../auth/tokens.ts';
import { maxTextInputLength } from '../config.ts';
import { DomainError } from '../errors.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { boundedInputs } from '../graphql/input-bounds.ts';
import { nameScalarArguments } from '../graphql/scalar-argument-errors.ts';
import { schema } from '../graphql/schema.ts';
import { useSharedEventResults } from '../graphql/shared-event-results.ts';
import type { Logger } from '../logger.ts';
import { CONFLICT_CODE, classifyError } from '../observability/error-taxonomy.ts';
import { observeOperations } from '../observability/operation-observer.ts';
import { currentRequestId } from '../observability/request-context.ts';
import type { Services } from '../services.ts';
import type { Settings } from '../settings/settings.entity.ts';
import {
  hideSchemaSuggestions,
  malformedRequestsAreBadRequests,
  withoutSuggestion,
} from './client-errors.ts';
import { graphiqlOptions, mayPrefillToken, offlineGraphiQLRenderer } from './graphiql.ts';
import { graphiqlRoute } from './graphiql-route.ts';
import {
  type MutationRateCheck,
  mutationRateLimit,
  queryShapeLimits,
  subscriptionsOverWebSocketOnly,
} from './limits.ts';
import { requestIdFrom } from './request-id.ts';

export const GRAPHQL_PATH = '/graphql';

/** Where a token may arrive: the HTTP header, or graphql-ws `connectionParams` (browsers cannot set WS headers). */
export function authorizationFrom(
  request: Request | undefined,
  connectionParams: Record<string, unknown> | undefined,
): string | undefined {
  const fromParams = connectionParams?.authorization ?? connectionParams?.Authorization;
  if (typeof fromParams === 'string') return fromParams;
  return request?.headers.get('authorization') ?? undefined;
}

/** The header browsers cannot send cross-site without a CORS preflight; GraphiQL and our clients send JSON. */
export const CSRF_HEADER = 'x-graphql-csrf';

/** Echoes the request id so a client's bug report names the server's log lines. */
function echoRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      const id = requestIds.get(request);
      if (id) response.headers.set('x-request-id', id);
    },
  };
}

const requestIds = new WeakMap<Request, string>();

/**
 * One mapping from any error to what the client sees, by the shared taxonomy (`classifyError`): client errors
 * keep their message and code but lose anything internal (yoga's `originalError` echo of a JSON parser message,
 * schema suggestions when introspection is off); a database that refused the client's value is `BAD_INPUT`
 * naming where; a write that collided with a committed row is `CONFLICT`; an unreachable database is a
 * retryable 503; a live subscription that lost its event channel keeps its `LIVE_SOURCE_LOST`; everything else
 * is masked.
 */
function errorMasking(options: { hideSuggestions: boolean }) {
  return (error: unknown, message: string, isDev?: boolean): Error => {
    const classified = classifyError(error);
    if (classified.kind === 'unavailable' && classified.code === 'DATABASE_UNAVAILABLE') {
      // The cause stays in the log; the client learns only that retrying later is the remedy.
      return new GraphQLError('the database is unavailable; retry shortly', {
        extensions: { code: 'DATABASE_UNAVAILABLE', http: { status: 503 } },
      });
    }
    if (classified.kind === 'internal') return maskError(error, message, isDev);
    const original = error instanceof GraphQLError ? error.originalError : undefined;
    const raised = error instanceof GraphQLError ? error : undefined;
    const refusedByDatabase =
      original &&
      !(original instanceof DomainError) &&
      !(original instanceof GraphQLError) &&
      !raised?.extensions.code;
    // A value the database refused: its message would quote the value and the statement around it.
    let text = refusedByDatabase
      ? classified.code === CONFLICT_CODE
        ? 'this request collides with a record already stored; nothing was changed (read it again, then retry)'
        : `a value in this request cannot be stored${classified.field ? ` (${classified.field})` : ''}`
      : (raised?.message ?? message);
    if (options.hideSuggestions) text = withoutSuggestion(text);
    const { originalError: _echo, ...extensions } = (raised?.extensions ?? {}) as Record<string, unknown>;
    return new GraphQLError(text, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: {
        ...extensions,
        code: classified.code,
        ...(classified.field ? { field: classified.field } : {}),
      },
    });
  };
}

/**
 * Yoga logs every error it masked. Only faults are errors for operators; client errors are already logged (at
 * info/warn, with their request id) by the operation observer or at the edge.
 */
function yogaErrorLog(logger: Logger) {
  return (...args: unknown[]) => {
    const requestId = currentRequestId();
    for (const arg of args) {
      const { kind, code } = classifyError(arg);
      if (kind === 'internal') logger.error({ err: arg, requestId }, 'graphql request failed');
      else logger.debug({ requestId, code, kind }, 'graphql request refused');
    }
  };
}

export function createGraphQLServer(
  services: Services,
  options: { graphiqlToken: string | undefined; mutationRate: MutationRateCheck },
): YogaServerInstance<Record<string, unknown>, GraphQLContext> {
  const { config, logger, metrics } = services;
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    logging: {
      debug: (...args) => logger.debug({ args }, 'yoga'),
      info: (...args) => logger.info({ args }, 'yoga'),
      warn: (...args) => logger.warn({ args }, 'yoga'),
      error: yogaErrorLog(logger),
    },
    maskedErrors: { maskError: errorMasking({ hideSuggestions: !config.introspection }) },
    landingPage: false,
    maxRequestBodySize: config.limits.maxBodyBytes,
    // Production without ALLOWED_ORIGINS sends no CORS headers: only same-origin pages (and non-browsers) call.
    cors: config.allowedOrigins
      ? { origin: config.allowedOrigins, credentials: true }
      : config.production
        ? false
        : undefined,
    plugins: [
      ...(config.graphiql
        ? [
            graphiqlRoute({
              endpoint: GRAPHQL_PATH,
              options: (request, server) =>
                graphiqlOptions({
                  token: mayPrefillToken(
                    request,
                    (server as { req?: IncomingMessage }).req?.socket.remoteAddress,
                  )
                    ? options.graphiqlToken
                    : undefined,
                  csrfHeader: CSRF_HEADER,
                }),
              render: offlineGraphiQLRenderer(),
            }),
          ]
        : []),
      useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
      malformedRequestsAreBadRequests(),
      ...(config.introspection ? [] : [hideSchemaSuggestions()]),
      ...queryShapeLimits(config, metrics),
      mutationRateLimit(options.mutationRate),
      subscriptionsOverWebSocketOnly(config, metrics),
      observeOperations(metrics, logger),
      boundedInputs(
        {
          maxDepth: config.limits.maxVariablesDepth,
          maxValues: config.limits.maxVariablesValues,
          maxStringLength: maxTextInputLength(config.limits),
        },
        (error) => {
          if (error.extensions.limit) metrics.limitRejections.inc({ limit: 'variables' });
        },
      ),
      echoRequestId(),
      useSharedEventResults({ audienceOf: (context) => audienceOf((context as GraphQLContext).viewer) }),
      nameScalarArguments(),
    ],
    // Served by `graphiqlRoute` (compressed, revalidated), not by yoga's own route.
    graphiql: false,
    context: async (initial) => {
      const { request, connectionParams } = initial;
      // Over WebSocket, `websocket.ts` supplies these in the initial context of every operation.
      const server = initial as unknown as {
        req?: IncomingMessage;
        remoteAddress?: string;
        requestId?: string;
        transport?: 'websocket';
      };
      const requestId =
        server.requestId ?? currentRequestId() ?? requestIdFrom(request?.headers.get('x-request-id'));
      if (request) requestIds.set(request, requestId);
      const viewer = await authenticate(
        config.jwtSecret,
        authorizationFrom(request, connectionParams as Record<string, unknown> | undefined),
      );
      let settings: Promise<Settings> | undefined;
      return {
        viewer,
        services,
        transport: server.transport ?? 'http',
        requestId,
        log: logger.child({ requestId }),
        remoteAddress:
          server.transport === 'websocket' ? server.remoteAddress : server.req?.socket.remoteAddress,
        requestSettings: () => {
          settings ??= services.settings.current();
          return settings;
        },
      };
    },
  });
}
