import { EnvelopArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  getOperationAST,
  NoSchemaIntrospectionCustomRule,
  type ValidationContext,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../auth/viewer.ts';
import type { Config } from '../config.ts';
import type { LimitName, Metrics } from '../observability/metrics.ts';
import { principalOf } from './principal.ts';
import type { MutationRateLimiter } from './rate-limiter.ts';

/**
 * A request broke a configured limit. `extensions.limit` names the environment variable that sets it, so an
 * operator (and the client's developer) knows which bound was hit.
 */
export function limitExceeded(
  limit: string,
  message: string,
  options: { code?: string; status?: number; retryAfterSeconds?: number } = {},
): GraphQLError {
  const { status, retryAfterSeconds } = options;
  return new GraphQLError(message, {
    extensions: {
      code: options.code ?? 'LIMIT_EXCEEDED',
      limit,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      ...(status
        ? {
            http: {
              status,
              ...(retryAfterSeconds !== undefined
                ? { headers: { 'retry-after': String(retryAfterSeconds) } }
                : {}),
            },
          }
        : {}),
    },
  });
}

function armorMessage(error: GraphQLError): string {
  return error.message.replace(/^Syntax Error: /, '');
}

/**
 * Query shape limits (depth, cost, aliases, directives, tokens) from GraphQL Armor, with each rejection
 * re-issued as a typed error naming its variable. They run in parse/validate, so through `getEnveloped` they
 * guard WebSocket operations exactly as HTTP ones.
 */
export function queryShapeLimits(config: Config, metrics: Metrics): Plugin[] {
  const { limits } = config;
  const rejectWith = (variable: string, value: number) => [
    (context: ValidationContext | null, error: GraphQLError) => {
      metrics.limitRejections.inc({ limit: 'query' satisfies LimitName });
      const typed = limitExceeded(variable, `${armorMessage(error)} (${variable}=${value})`, { status: 400 });
      // Validation rules report; the token limit runs inside the parser, where throwing is how errors leave.
      if (context) context.reportError(typed);
      else throw typed;
    },
  ];
  // With introspection off, `__schema` gets no free pass (its selections nest without bound).
  const ignoreIntrospection = config.introspection;
  const armor = new EnvelopArmor({
    maxDepth: {
      n: limits.maxQueryDepth,
      flattenFragments: true,
      ignoreIntrospection,
      propagateOnRejection: false,
      onReject: rejectWith('MAX_QUERY_DEPTH', limits.maxQueryDepth),
    },
    costLimit: {
      maxCost: limits.maxQueryCost,
      flattenFragments: true,
      ignoreIntrospection,
      propagateOnRejection: false,
      onReject: rejectWith('MAX_QUERY_COST', limits.maxQueryCost),
    },
    maxAliases: {
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: rejectWith('MAX_ALIASES', limits.maxAliases),
    },
    maxDirectives: {
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: rejectWith('MAX_DIRECTIVES', limits.maxDirectives),
    },
    maxTokens: {
      n: limits.maxTokens,
      onReject: rejectWith('MAX_TOKENS', limits.maxTokens),
    },
    // Field suggestions ("did you mean …") reveal the schema when introspection is off.
    blockFieldSuggestion: { enabled: !config.introspection },
  });
  const plugins: Plugin[] = armor.protect().plugins as Plugin[];
  if (!config.introspection) plugins.push(disableIntrospection());
  return plugins;
}

/**
 * graphql's own rule, added for every operation. (`@graphql-yoga/plugin-disable-introspection` keys on the
 * HTTP request and so would leave WebSocket operations introspectable.)
 */
function disableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/** What the rate limit needs from an operation's context, on HTTP and WebSocket alike. */
export interface RateLimitedContext {
  viewer: Viewer;
  remoteAddress: string | undefined;
  transport: 'http' | 'websocket';
}

/** A mutation refused over MUTATION_RATE_LIMIT: the error to answer with and the wait, whole seconds. */
export interface RateRefusal {
  error: GraphQLError;
  retryAfterSeconds: number;
}

/** Counts one mutation for the context's principal; the refusal when it is over the limit, else undefined. */
export type MutationRateCheck = (context: RateLimitedContext) => Promise<RateRefusal | undefined>;

/**
 * Mutations per principal (`principalOf`) per window, shared by every process on one Redis. A refusal is a
 * typed error (`RATE_LIMITED`, `limit: MUTATION_RATE_LIMIT`, `retryAfterSeconds`) that HTTP answers with 429
 * and `Retry-After` (seconds).
 */
export function mutationRateCheck(
  config: Config,
  limiter: MutationRateLimiter,
  metrics: Metrics,
): MutationRateCheck {
  const { mutationRateLimit: limit, mutationRateWindowMs: windowMs } = config.limits;
  return async (context) => {
    const decision = await limiter.take(principalOf(context.viewer, context.remoteAddress));
    if (decision.allowed) return undefined;
    const { retryAfterSeconds } = decision;
    metrics.limitRejections.inc({ limit: 'mutation_rate' satisfies LimitName });
    const message = `too many mutations: at most ${limit} per ${windowMs} ms (MUTATION_RATE_LIMIT, MUTATION_RATE_WINDOW_MS); retry after ${retryAfterSeconds} s`;
    return {
      retryAfterSeconds,
      error: limitExceeded('MUTATION_RATE_LIMIT', message, {
        code: 'RATE_LIMITED',
        status: 429,
        retryAfterSeconds,
      }),
    };
  };
}

/**
 * The mutation rate over HTTP. WebSocket mutations are counted by the socket's `onSubscribe` (websocket.ts)
 * instead, where a refusal can be that operation's `error` message and start the socket's 4008 close.
 */
export function mutationRateLimit(check: MutationRateCheck): Plugin {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const context = args.contextValue as unknown as RateLimitedContext;
      if (context.transport === 'websocket') return;
      const refusal = await check(context);
      if (refusal) setResultAndStopExecution({ errors: [refusal.error] });
    },
  };
}

/**
 * Subscriptions over HTTP (yoga's server-sent events, used by GraphiQL) bypass the per-connection and per-user
 * caps that guard WebSocket; they are served only while GraphiQL is, i.e. not in production by default.
 */
export function subscriptionsOverWebSocketOnly(config: Config, metrics: Metrics): Plugin {
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const context = args.contextValue as unknown as { transport?: string };
      if (config.graphiql || context.transport !== 'http') return;
      metrics.limitRejections.inc({ limit: 'subscriptions_per_connection' satisfies LimitName });
      setResultAndStopExecution({
        errors: [
          limitExceeded('GRAPHIQL', 'subscriptions are served over WebSocket (graphql-transport-ws) only', {
            code: 'BAD_REQUEST',
            status: 400,
          }),
        ],
      });
    },
  };
}
