import { GraphQLError } from 'graphql';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { authenticate } from '../auth/tokens.ts';
import { DomainError, InputError } from '../errors.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { schema } from '../graphql/schema.ts';
import { useSharedEventResults } from '../graphql/shared-event-results.ts';
import type { Services } from '../services.ts';
import type { Settings } from '../settings/settings.entity.ts';

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
  return maskError(error, message, isDev);
}

export function createGraphQLServer(
  services: Services,
  options: { graphiqlToken: string | undefined },
): YogaServerInstance<Record<string, unknown>, GraphQLContext> {
  const { config, logger } = services;
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
    plugins: [useSharedEventResults()],
    landingPage: false,
    graphiql: config.production
      ? false
      : {
          title: 'Live POS API',
          // GraphiQL sends its header editor (with the pre-filled token) over HTTP; over WebSocket it would not.
          subscriptionsProtocol: 'SSE',
          headers: options.graphiqlToken
            ? JSON.stringify({ Authorization: `Bearer ${options.graphiqlToken}` })
            : undefined,
          defaultQuery:
            '{\n  settings { taxRatePercent surchargePercent currency version }\n  categories { id name }\n}\n',
        },
    context: async ({ request, connectionParams }) => {
      const viewer = await authenticate(
        config.jwtSecret,
        authorizationFrom(request, connectionParams as Record<string, unknown> | undefined),
      );
      let settings: Promise<Settings> | undefined;
      return {
        viewer,
        services,
        requestSettings: () => {
          settings ??= services.settings.current();
          return settings;
        },
      };
    },
  });
}
