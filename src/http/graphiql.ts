import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL as served on `GET /graphql` (outside production by default).
 *
 * Its script, styles and editor workers are inlined from the installed `@graphql-yoga/render-graphiql`
 * package, so the explorer works on a till network without internet access (yoga's default loads them from a
 * CDN). Subscriptions run as server-sent events over HTTP so they carry the header editor (and its pre-filled
 * token) like queries do; every request, the SSE `GET` included, also carries `csrfHeader`. That header is not
 * a secret: a cross-site page cannot add a custom header without a CORS preflight, which is what the CSRF check
 * relies on, so browsers other than same-origin GraphiQL stay refused.
 */
export function graphiqlOptions(options: { token: string | undefined; csrfHeader: string }): GraphiQLOptions {
  return {
    title: 'Live POS API',
    subscriptionsProtocol: 'SSE',
    additionalHeaders: { [options.csrfHeader]: 'graphiql' },
    headers: options.token
      ? JSON.stringify({ Authorization: `Bearer ${options.token}` }, null, 2)
      : undefined,
    defaultQuery:
      '{\n  settings { taxRatePercent surchargePercent currency version }\n  categories { id name }\n}\n',
  };
}

/**
 * GraphiQL lays the editor and the response side by side at any width; on a phone that leaves each too narrow
 * to read. Below a tablet's width they stack, each half the height, and the drag bar between them goes
 * (GraphiQL's own rules are scoped by the `#graphiql-session` id, hence the same selector here). The title
 * beside the tabs stays on one line, smaller: wrapped, it ran into the tab bar. The headers editor keeps room
 * for the pre-filled token's three lines and the scrollbar under them, which otherwise covers the last line.
 */
const NARROW_SCREEN_CSS = `
@media (max-width: 720px) {
  .graphiql-container #graphiql-session { flex-direction: column; gap: var(--px-8); }
  .graphiql-container #graphiql-session > * { flex: 1 1 0 !important; min-height: 0; min-width: 0; }
  .graphiql-container #graphiql-session > .graphiql-horizontal-drag-bar { display: none; }
  .graphiql-container .graphiql-logo { white-space: nowrap; font-size: var(--font-size-body); }
  .graphiql-container .graphiql-editor-tool { min-height: 7.5rem; }
}`;

/**
 * Renders each variant of the page once (about 9 MB, all assets inline) and serves that copy: with and without
 * the pre-filled token are the only two, fixed for the life of the process.
 */
export function offlineGraphiQLRenderer(): (options: GraphiQLOptions) => string {
  const pages = new Map<string, string>();
  return (options) => {
    const variant = options.headers ?? '';
    let page = pages.get(variant);
    if (page === undefined) {
      page = renderGraphiQL(options).replace('</head>', `<style>${NARROW_SCREEN_CSS}</style></head>`);
      pages.set(variant, page);
    }
    return page;
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackPeer(address: string | undefined): boolean {
  return address === '::1' || /^(::ffff:)?127\./.test(address ?? '');
}

/**
 * Whether a GraphiQL page may carry the development admin token: only when it goes to a browser (or a script)
 * on this machine, for itself. Refused, so the page comes without it:
 * - a peer that is not loopback: another device on the network (`HOST=0.0.0.0`);
 * - a `Host` that is not a loopback name: a site whose name was pointed at 127.0.0.1 (DNS rebinding);
 * - a request a page of another origin made: it carries `Origin`, or Fetch Metadata `Sec-Fetch-Site` other
 *   than `none` (typed in the address bar, a bookmark) or `same-origin` (https://www.w3.org/TR/fetch-metadata/).
 */
export function mayPrefillToken(request: Request, peerAddress: string | undefined): boolean {
  if (!isLoopbackPeer(peerAddress)) return false;
  const host = request.headers.get('host')?.replace(/:\d+$/, '').toLowerCase();
  if (!host || !LOOPBACK_HOSTS.has(host)) return false;
  if (request.headers.has('origin')) return false;
  const site = request.headers.get('sec-fetch-site');
  return site === null || site === 'none' || site === 'same-origin';
}
