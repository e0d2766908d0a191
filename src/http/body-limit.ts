import type { IncomingMessage, ServerResponse } from 'node:http';

function refuse(res: ServerResponse, status: number, message: string): true {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
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
    return refuse(res, 413, `request body larger than ${maxBytes} bytes (MAX_BODY_BYTES)`);
  }
  return false;
}
