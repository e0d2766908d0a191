import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import type { FormattedExecutionResult } from 'graphql-ws';

/**
 * Errors as a WebSocket client receives them. Yoga (its validation errors) and this server's own refusals put
 * `extensions.http` (`{ status, spec, headers }`) on an error to choose the HTTP answer's status, and yoga marks
 * masked faults `extensions.unexpected`; yoga removes both when it writes an HTTP body. Over WebSocket there is no
 * HTTP answer to shape, so they are removed here, and a client sees the same error on either transport.
 */
export function formatWebSocketError(error: GraphQLError | GraphQLFormattedError): GraphQLFormattedError {
  const formatted: GraphQLFormattedError =
    'toJSON' in error && typeof error.toJSON === 'function' ? error.toJSON() : error;
  if (!formatted.extensions) return formatted;
  const { http: _http, unexpected: _unexpected, ...extensions } = formatted.extensions;
  const { extensions: _all, ...rest } = formatted;
  return Object.keys(extensions).length ? { ...rest, extensions } : rest;
}

/** The result with its errors and its own extensions formatted by {@link formatWebSocketError}'s rule. */
export function formatWebSocketResult(result: ExecutionResult): ExecutionResult | FormattedExecutionResult {
  if (!result.errors?.length && !result.extensions?.http) return result;
  const { http: _http, ...extensions } = result.extensions ?? {};
  return {
    ...result,
    ...(result.errors ? { errors: result.errors.map(formatWebSocketError) } : {}),
    extensions: Object.keys(extensions).length ? extensions : undefined,
  };
}
