import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { isUuid } from '../ids.ts';
import type { Logger } from '../logger.ts';

/** Sources of the live pages: HTML shells, one stylesheet, and the TypeScript entry points. */
const WEB_ROOT = fileURLToPath(new URL('../../web/live/', import.meta.url));
const ENTRY_POINTS = { order: 'order-page.ts', kitchen: 'kitchen-page.ts', live: 'live.css' };

export const LIVE_PAGES_PATH = '/live';

interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/**
 * The pages hold no data: everything they show comes over GraphQL with the token the reader supplies, so the
 * policy only needs the page's own origin (its scripts, styles and the API, HTTP and WebSocket alike).
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

function asset(body: Buffer | Uint8Array, contentType: string): Asset {
  const bytes = Buffer.from(body);
  return {
    body: bytes,
    contentType,
    etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`,
  };
}

/**
 * Bundles the pages' TypeScript and CSS in memory with esbuild, so a clean clone serves them with no build step
 * and they can never be stale against the sources. Done once per process, on the first request for a page.
 */
async function buildAssets(): Promise<Map<string, Asset>> {
  const result = await build({
    absWorkingDir: WEB_ROOT,
    entryPoints: ENTRY_POINTS,
    outdir: 'assets',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const assets = new Map<string, Asset>();
  for (const file of result.outputFiles) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    assets.set(name, asset(file.contents, name.endsWith('.css') ? 'text/css' : 'text/javascript'));
  }
  for (const page of ['order.html', 'kitchen.html']) {
    assets.set(page, asset(await readFile(`${WEB_ROOT}${page}`), 'text/html'));
  }
  return assets;
}

/** A path segment's text, or undefined when its percent-encoding is malformed (`%ZZ`, a cut UTF-8 sequence). */
function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Which file a path names: the two pages, or a bundled asset. */
function fileFor(path: string): string | undefined {
  if (path === '/live/kitchen') return 'kitchen.html';
  const order = /^\/live\/order\/([^/]+)$/.exec(path);
  if (order) return isUuid(decodedSegment(order[1] ?? '') ?? '') ? 'order.html' : undefined;
  const bundled = /^\/live\/assets\/([a-z]+\.(?:js|css))$/.exec(path);
  return bundled?.[1];
}

/**
 * `GET /live/kitchen` (the kitchen board) and `GET /live/order/:id` (the customer's order), with their
 * scripts and stylesheet under `/live/assets/`. Answers `true` when it handled the request.
 */
export function livePageRoutes(deps: { logger: Logger }) {
  let assets: Promise<Map<string, Asset>> | undefined;
  const loadAssets = () => {
    assets ??= buildAssets().catch((error: unknown) => {
      assets = undefined;
      throw error;
    });
    return assets;
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = req.url?.split('?')[0] ?? '';
    if (path !== LIVE_PAGES_PATH && !path.startsWith(`${LIVE_PAGES_PATH}/`)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method not allowed');
      return true;
    }
    const name = fileFor(path);
    let found: Asset | undefined;
    try {
      found = name ? (await loadAssets()).get(name) : undefined;
    } catch (error) {
      deps.logger.error({ err: error }, 'building the live pages failed');
      res.writeHead(500, { 'content-type': 'text/plain' }).end('The live pages could not be built');
      return true;
    }
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain', ...SECURITY_HEADERS }).end('Not found');
      return true;
    }
    const headers = {
      ...SECURITY_HEADERS,
      'content-type': `${found.contentType}; charset=utf-8`,
      'cache-control': 'no-cache',
      etag: found.etag,
    };
    if (req.headers['if-none-match'] === found.etag) {
      res.writeHead(304, headers).end();
      return true;
    }
    res.writeHead(200, { ...headers, 'content-length': found.body.length });
    res.end(req.method === 'HEAD' ? undefined : found.body);
    return true;
  };
}
