import type { Config } from '../config.ts';

/**
 * Whether a WebSocket upgrade from a page at `origin` is allowed (browsers cannot be stopped from opening a
 * socket to any address, and they send the page's Origin on every upgrade, RFC 6455 §4.1 — so this check is
 * what keeps a foreign page from riding a device's access to the API).
 *
 * - No `Origin`: not a browser (a till's native app, a script); its token is what authorises it.
 * - `ALLOWED_ORIGINS` set: exactly those origins.
 * - Production without `ALLOWED_ORIGINS`: same origin only, i.e. the Origin's host and port equal the
 *   request's `Host` (a proxy in front must pass `Host` through). The opaque origin `null` is never same-origin.
 * - Outside production without `ALLOWED_ORIGINS`: any origin (local front-end development).
 *
 * @param origin the request's `Origin` header, if any.
 * @param host the request's `Host` header, if any.
 */
export function upgradeOriginAllowed(
  config: Pick<Config, 'allowedOrigins' | 'production'>,
  origin: string | undefined,
  host: string | undefined,
): boolean {
  if (origin === undefined) return true;
  if (config.allowedOrigins) return config.allowedOrigins.includes(origin);
  if (!config.production) return true;
  return sameOrigin(origin, host);
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  let page: URL;
  let served: URL;
  try {
    page = new URL(origin);
    if (page.protocol !== 'http:' && page.protocol !== 'https:') return false;
    // Parsing Host with the page's scheme normalises case and drops a default port the same way on both sides.
    served = new URL(`${page.protocol}//${host}`);
  } catch {
    return false;
  }
  return page.host === served.host && served.pathname === '/' && !served.username && !served.password;
}
