import type { IncomingMessage, ServerResponse } from 'node:http';

/** RFC 9110 §7.2: `Host = uri-host [ ":" port ]`, uri-host an IP literal in brackets or a reg-name (RFC 3986). */
const HOST = /^(?:\[[\d.:A-Fa-f]+\]|[\w.~!$&'()*+,;=%-]+)(?::(\d{0,5}))?$/;

/**
 * True when the request's Host and target form a URL. Node's parser accepts any Host value (`a b`, `[::1`,
 * `a:99999`) and absolute-form targets; the Fetch layer under graphql-yoga builds `http://<host><target>` and
 * throws on what does not parse. Origin-form targets (`/path?query`, RFC 9112 §3.2.1) are the only ones an
 * origin server needs; a missing or empty Host falls back to `localhost`, as that layer does.
 */
export function isWellFormedTarget(req: IncomingMessage): boolean {
  const target = req.url ?? '';
  if (!target.startsWith('/')) return false;
  const host = req.headers.host || 'localhost';
  const authority = HOST.exec(host);
  if (!authority || Number(authority[1] ?? 0) > 65_535) return false;
  return URL.canParse(`http://${host}${target}`);
}

/**
 * Answers 400 (a client's mistake, counted as such) for a request whose Host or target is malformed, before
 * any route sees it. Returns true when it answered.
 */
export function refuseMalformedTarget(req: IncomingMessage, res: ServerResponse): boolean {
  if (isWellFormedTarget(req)) return false;
  res.writeHead(400, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(
    JSON.stringify({
      errors: [{ message: 'malformed Host header or request target', extensions: { code: 'BAD_REQUEST' } }],
    }),
  );
  return true;
}
