import type { IncomingMessage, ServerResponse } from 'node:http';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/**
 * The media type of a refusal sent before yoga sees the request: the first of the client's accepted types this
 * server speaks, as yoga chooses for its own answers (GraphQL over HTTP); `application/json` when the client
 * names neither (no `Accept`, `*\/*`).
 */
function refusalMediaType(accept: string | undefined): string {
  for (const range of (accept ?? '').split(',')) {
    const type = range.split(';')[0]?.trim().toLowerCase();
    if (type === GRAPHQL_RESPONSE) return GRAPHQL_RESPONSE;
    if (type === 'application/json') return 'application/json';
  }
  return 'application/json';
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string): true {
  res.writeHead(status, {
    'content-type': `${refusalMediaType(req.headers.accept)}; charset=utf-8`,
    connection: 'close',
  });
  res.end(
    JSON.stringify({
      errors: [{ message, extensions: { code: 'LIMIT_EXCEEDED', limit: 'MAX_BODY_BYTES' } }],
    }),
  );
  return true;
}

/**
 * Refuses a request whose declared body is over `maxBytes` before anything reads it, naming the limit. A
 * body without a declared length (chunked) is counted while it streams by yoga's `maxRequestBodySize`.
 */
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return false;
  const declared = req.headers['content-length'];
  if (declared === undefined) return false;
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || length > maxBytes) {
    return refuse(req, res, 413, `request body larger than ${maxBytes} bytes (MAX_BODY_BYTES)`);
  }
  return false;
}
