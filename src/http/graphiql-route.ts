import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlib } from 'node:zlib';
import { type GraphiQLOptions, type Plugin, shouldRenderGraphiQL } from 'graphql-yoga';

/** The content codings GraphiQL is served in. */
type Coding = 'br' | 'gzip' | 'identity';

/**
 * Brotli quality 6: the 9 MB page becomes about 1.9 MB in under a second, once per variant (11, the default,
 * saves 10 % more and takes most of a minute). gzip at its default level gives about 2.4 MB.
 */
const BROTLI_QUALITY = 6;

const compressBrotli = promisify(brotliCompress);
const compressGzip = promisify(gzip);

/**
 * One rendered page with what serving it often needs: its bytes, an entity tag per coding and each compressed
 * copy, made on the first request that asks for it (in libuv's thread pool, off the event loop) and kept.
 */
class PreparedPage {
  readonly #bytes: Buffer;
  readonly #digest: string;
  readonly #encoded = new Map<Coding, Promise<Buffer>>();

  constructor(html: string) {
    this.#bytes = Buffer.from(html, 'utf8');
    this.#digest = createHash('sha256').update(this.#bytes).digest('base64url').slice(0, 27);
  }

  /** A strong validator is per representation (RFC 9110 §8.8.3): each coding has its own. */
  etag(coding: Coding): string {
    return coding === 'identity' ? `"${this.#digest}"` : `"${this.#digest}-${coding}"`;
  }

  body(coding: Coding): Promise<Buffer> {
    if (coding === 'identity') return Promise.resolve(this.#bytes);
    let encoded = this.#encoded.get(coding);
    if (!encoded) {
      encoded =
        coding === 'br'
          ? compressBrotli(this.#bytes, {
              params: {
                [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
                [zlib.BROTLI_PARAM_SIZE_HINT]: this.#bytes.length,
                [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
              },
            })
          : compressGzip(this.#bytes);
      // A failed compression is not kept: the next request tries again.
      encoded.catch(() => this.#encoded.delete(coding));
      this.#encoded.set(coding, encoded);
    }
    return encoded;
  }
}

/**
 * The coding to send for an `Accept-Encoding` header (RFC 9110 §12.5.3): the one of ours with the highest
 * `q` the client gives it (directly or through `*`), brotli on a tie; `identity` when it accepts neither.
 */
function chosenCoding(acceptEncoding: string | null): Coding {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (!name) continue;
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (coding: Coding) => weights.get(coding) ?? weights.get('*') ?? 0;
  const [best] = (['br', 'gzip'] as const)
    .filter((coding) => weightOf(coding) > 0)
    .sort((a, b) => weightOf(b) - weightOf(a));
  return best ?? 'identity';
}

/** Whether an `If-None-Match` header names `etag` (or `*`); weak tags match by their opaque part. */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * Serves GraphiQL on `GET endpoint` to browsers (yoga's `shouldRenderGraphiQL`: an HTML-accepting GET) in place
 * of yoga's own route, so that a page of about 9 MB is neither recompressed nor re-downloaded on every load:
 *
 * - compressed in the best coding the browser accepts (brotli, else gzip), each copy made once per page;
 * - with an `ETag` and `Cache-Control: private, no-cache`: the browser keeps the page and revalidates it on
 *   each load, which costs a `304` until the page changes. `no-cache` rather than a lifetime because the page
 *   may carry the process's development token, which a restart replaces; `private` keeps it out of shared caches.
 *
 * `options` decides the page per request (as yoga's `graphiql` option would) and `render` draws it; the same
 * HTML gets the same prepared copy, so `render` may return a cached string.
 */
export function graphiqlRoute(config: {
  endpoint: string;
  options: (request: Request, serverContext: unknown) => GraphiQLOptions;
  render: (options: GraphiQLOptions) => string;
}): Plugin {
  const prepared = new Map<string, PreparedPage>();
  const prepare = (html: string): PreparedPage => {
    let page = prepared.get(html);
    if (!page) {
      page = new PreparedPage(html);
      prepared.set(html, page);
    }
    return page;
  };
  return {
    async onRequest({ request, url, serverContext, fetchAPI, endResponse }) {
      if (!shouldRenderGraphiQL(request)) return;
      if (url.pathname !== config.endpoint && url.pathname !== `${config.endpoint}/`) return;
      const page = prepare(config.render(config.options(request, serverContext)));
      const coding = chosenCoding(request.headers.get('accept-encoding'));
      const etag = page.etag(coding);
      const headers: Record<string, string> = {
        etag,
        'cache-control': 'private, no-cache',
        vary: 'Accept-Encoding',
      };
      if (matches(request.headers.get('if-none-match'), etag)) {
        return endResponse(new fetchAPI.Response(null, { status: 304, headers }));
      }
      const body = await page.body(coding);
      endResponse(
        // zlib and Buffer.from allocate plain (never shared) ArrayBuffers.
        new fetchAPI.Response(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength), {
          status: 200,
          headers: {
            ...headers,
            'content-type': 'text/html; charset=utf-8',
            'content-length': String(body.byteLength),
            ...(coding === 'identity' ? {} : { 'content-encoding': coding }),
          },
        }),
      );
    },
  };
}
