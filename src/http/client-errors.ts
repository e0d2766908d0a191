import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Request parameters that are not JSON (`GET /graphql?variables=%7B`) are the client's mistake: a 400 naming the
 * problem. Yoga's GET parser lets `JSON.parse`'s SyntaxError escape, which would be reported as a fault (500).
 */
export function malformedParamsAreBadRequests(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          throw new GraphQLError('variables and extensions must be JSON objects', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      });
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
