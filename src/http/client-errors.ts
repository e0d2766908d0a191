import { GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/** Yoga's and our code for a request that is not a well-formed GraphQL-over-HTTP request (body or parameters). */
const BAD_REQUEST = 'BAD_REQUEST';

interface HttpExtension {
  status?: number;
  spec?: boolean;
}

/**
 * Yoga marks some of its request errors `http.spec`, which makes it answer them with 200 to a client that accepts
 * `application/json`. The GraphQL over HTTP spec keeps that 200 for a well-formed request whose document fails
 * (parse and validation errors); a request that is not well-formed (a body that is not JSON, no `query`, params
 * that are not an object) is a 4xx under every media type. So a `BAD_REQUEST` loses the exemption.
 */
function keepsItsStatus(error: GraphQLError): GraphQLError {
  const http = error.extensions.http as HttpExtension | undefined;
  if (error.extensions.code !== BAD_REQUEST || !http?.spec) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, http: { ...http, spec: false } },
  });
}

/**
 * A malformed request is the client's mistake and answered as one, whatever media type it accepts:
 *
 * - parameters that are not JSON (`GET /graphql?variables=%7B`): yoga's GET parser lets `JSON.parse`'s
 *   SyntaxError escape, which would be reported as a fault (500); here it is a 400 naming the problem;
 * - yoga's own request errors (`BAD_REQUEST`: a body that is not JSON, no `query`) keep their 400 under
 *   `application/json` too (see `keepsItsStatus`).
 */
export function malformedRequestsAreBadRequests(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          throw new GraphQLError('variables and extensions must be JSON objects', {
            extensions: { code: BAD_REQUEST, http: { status: 400 } },
          });
        }
      });
    },
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || isAsyncIterable(result) || !result.errors?.length) return;
      const errors = result.errors.map(keepsItsStatus);
      if (errors.some((error, index) => error !== result.errors?.[index])) setResult({ ...result, errors });
    },
  };
}

/** graphql-js appends schema hints ("Did you mean …?") to validation and coercion messages. */
const SUGGESTION = /\s*Did you mean .*$/s;

/** A message without graphql-js's schema hints (which reveal the schema when introspection is off). */
export function withoutSuggestion(message: string): string {
  return message.replace(SUGGESTION, '');
}

/**
 * Removes schema hints from validation errors (enum values, arguments, types) on HTTP and WebSocket alike.
 * Execution errors are cleaned where they are masked.
 */
export function hideSchemaSuggestions(): Plugin {
  return {
    onValidate() {
      return ({ valid, result, setResult }) => {
        if (valid) return;
        setResult(
          result.map((error: unknown) =>
            error instanceof GraphQLError && SUGGESTION.test(error.message)
              ? new GraphQLError(withoutSuggestion(error.message), {
                  nodes: error.nodes,
                  source: error.source,
                  positions: error.positions,
                  path: error.path,
                  extensions: error.extensions,
                })
              : error,
          ),
        );
      };
    },
  };
}
