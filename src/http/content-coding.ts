import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Refuses a request body sent with a content coding (`Content-Encoding: gzip`, `br`, …): this server reads bodies
 * as they are, so a compressed one would otherwise be parsed as broken JSON. The answer is `415` with
 * `Accept-Encoding: identity`, the remedy RFC 9110 (§15.5.16) names, whatever media type the client accepts.
 * Returns whether it answered.
 */
export function refuseEncodedBody(req: IncomingMessage, res: ServerResponse): boolean {
  const coding = req.headers['content-encoding']?.trim().toLowerCase();
  if (!coding || coding === 'identity') return false;
  res.writeHead(415, {
    'content-type': 'application/json; charset=utf-8',
    'accept-encoding': 'identity',
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(
    JSON.stringify({
      errors: [
        {
          message:
            'request bodies are read without a content coding: send it uncompressed (Content-Encoding: identity)',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    }),
  );
  return true;
}
