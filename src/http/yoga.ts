import type { IncomingMessage } from 'node:http';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { authenticate } from '../auth/tokens.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { DomainError, InputError } from '../errors.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { nameScalarArguments } from '../graphql/scalar-argument-errors.ts';
import { schema } from '../graphql/schema.ts';
import { useSharedEventResults } from '../graphql/shared-event-results.ts';
import { observeOperations } from '../observability/operation-observer.ts';
import type { Services } from '../services.ts';
import type { Settings } from '../settings/settings.entity.ts';
import { graphiqlOptions, offlineGraphiQLRenderer } from './graphiql.ts';
import { mutationRateLimit, queryShapeLimits, subscriptionsOverWebSocketOnly } from './limits.ts';
import type { MutationRateLimiter } from './rate-limiter.ts';
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

/** Domain failures outside a result union (e.g. in queries) keep their code; everything else is masked. */
function maskUnexpected(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  // GraphQLErrors we raise on purpose (auth) are meant for the client; graphql-js wraps them with the path.
  if (original instanceof GraphQLError) return error as GraphQLError;
  if (original instanceof DomainError) {
    return new GraphQLError(original.message, {
      extensions: {
        code: original.code,
        ...(original instanceof InputError ? { field: original.field } : {}),
      },
    });
  }
  // A limit rejected inside the parser (MAX_TOKENS) is thrown, not reported; it is expected and names its limit.
  if (error instanceof GraphQLError && error.extensions.limit) return error;
  if (isDatabaseUnavailable(original ?? error)) {
    // The cause stays in the log; the client learns only that retrying later is the remedy.
    return new GraphQLError('the database is unavailable; retry shortly', {
      extensions: { code: 'DATABASE_UNAVAILABLE', http: { status: 503 } },
    });
  }
  return maskError(error, message, isDev);
}

export function createGraphQLServer(
  services: Services,
  options: { graphiqlToken: string | undefined; mutationRateLimiter: MutationRateLimiter },
): YogaServerInstance<Record<string, unknown>, GraphQLContext> {
  const { config, logger, metrics } = services;
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    logging: {
      debug: (...args) => logger.debug({ args }, 'yoga'),
      info: (...args) => logger.info({ args }, 'yoga'),
      warn: (...args) => logger.warn({ args }, 'yoga'),
      error: (...args) => logger.error({ args }, 'yoga'),
    },
    maskedErrors: { maskError: maskUnexpected },
    landingPage: false,
    maxRequestBodySize: config.limits.maxBodyBytes,
    // Production without ALLOWED_ORIGINS sends no CORS headers: only same-origin pages (and non-browsers) call.
    cors: config.allowedOrigins
      ? { origin: config.allowedOrigins, credentials: true }
      : config.production
        ? false
        : undefined,
    plugins: [
      useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
      ...queryShapeLimits(config, metrics),
      mutationRateLimit(config, options.mutationRateLimiter, metrics),
      subscriptionsOverWebSocketOnly(config, metrics),
      observeOperations(metrics),
      echoRequestId(),
      useSharedEventResults(),
      nameScalarArguments(),
    ],
    graphiql: config.graphiql
      ? graphiqlOptions({ token: options.graphiqlToken, csrfHeader: CSRF_HEADER })
      : false,
    renderGraphiQL: offlineGraphiQLRenderer(),
    context: async (initial) => {
      const { request, connectionParams } = initial;
      // Over WebSocket, `websocket.ts` supplies these in the initial context of every operation.
      const server = initial as unknown as {
        req?: IncomingMessage;
        requestId?: string;
        transport?: 'websocket';
      };
      const requestId = server.requestId ?? requestIdFrom(request?.headers.get('x-request-id'));
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
        remoteAddress: server.req?.socket.remoteAddress,
        requestSettings: () => {
          settings ??= services.settings.current();
          return settings;
        },
      };
    },
  });
}
