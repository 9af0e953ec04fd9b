import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { createMiddleware } from 'hono/factory';
import { parseAccept } from 'hono/utils/accept';
import type { AppEnv } from '../app-env.js';

/** Content codings we send, best first: brotli is smaller, gzip is understood everywhere. */
export type Encoding = 'br' | 'gzip' | 'identity';

/**
 * The coding to answer with, among `offered` (best first), by the request's
 * `Accept-Encoding`: the highest q-value wins, ties go to the earlier offer;
 * `identity` is acceptable unless refused (`identity;q=0`, or `*;q=0` without
 * it), and last in preference unless named (RFC 9110 §12.5.3).
 * Null when nothing offered is acceptable (the caller then sends identity anyway:
 * refusing a script over this would help nobody).
 */
export function pickEncoding(acceptEncoding: string | undefined, offered: readonly Encoding[]): Encoding | null {
  if (acceptEncoding === undefined || acceptEncoding.trim() === '')
    return offered.includes('identity') ? 'identity' : null;
  const accepts = parseAccept(acceptEncoding);
  const q = (coding: Encoding): number => {
    const explicit = accepts.find((a) => a.type.toLowerCase() === coding);
    if (explicit) return explicit.q;
    const wildcard = accepts.find((a) => a.type === '*');
    if (wildcard) return wildcard.q;
    // Identity is acceptable unless refused, but not preferred over a coding the client names.
    return coding === 'identity' ? 0.001 : 0;
  };
  let best: { coding: Encoding; q: number } | null = null;
  for (const coding of offered) {
    const value = q(coding);
    if (value > 0 && (!best || value > best.q)) best = { coding, q: value };
  }
  return best?.coding ?? null;
}

/** Below this many bytes compression saves less than a packet and costs CPU on both ends. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Answers built whole in memory: JSON and HTML pages. Streams (events, downloads) are left alone. */
const COMPRESSIBLE = /^(application\/json|text\/html)\b/i;

/**
 * Middleware: compresses JSON answers and HTML pages of at least
 * `COMPRESS_THRESHOLD_BYTES` with brotli or gzip, by `Accept-Encoding`, with
 * `Vary: Accept-Encoding`. Hono's own `compress` does gzip and deflate only, and
 * its threshold sees only a Content-Length header, which `c.json()` does not set,
 * so it would wrap 30-byte answers too. Server-sent events, downloads and the
 * pre-compressed bundles (which carry their own Content-Encoding) pass untouched.
 * Brotli runs at quality 5: per-request work must stay cheap (the bundles get 11 at build time).
 */
export const compressWhereItPays = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const res = c.res;
  const type = res.headers.get('content-type') ?? '';
  if (
    c.req.method === 'HEAD' ||
    !res.body ||
    res.status === 204 ||
    res.status === 206 ||
    res.status === 304 ||
    !COMPRESSIBLE.test(type) ||
    res.headers.has('content-encoding') ||
    // A download, whatever its type: streamed from disk, never buffered here.
    res.headers.has('content-disposition') ||
    /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('cache-control') ?? '')
  ) {
    return;
  }
  const body = new Uint8Array(await res.arrayBuffer());
  // Hono copies the old answer's headers onto the one assigned to c.res: headers change after.
  if (body.byteLength < COMPRESS_THRESHOLD_BYTES) {
    c.res = new Response(body, res);
    return;
  }
  const coding = pickEncoding(c.req.header('accept-encoding'), ['br', 'gzip', 'identity']) ?? 'identity';
  const packed =
    coding === 'identity'
      ? body
      : coding === 'br'
        ? await brotli(body, {
            params: {
              [zlib.BROTLI_PARAM_QUALITY]: 5,
              [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
              [zlib.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
            },
          })
        : await gzipAsync(body, { level: 6 });
  c.res = new Response(new Uint8Array(packed), res);
  const headers = c.res.headers;
  const vary = headers.get('vary');
  if (!vary || !/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary))
    headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
  if (coding === 'identity') return;
  headers.set('content-encoding', coding);
  headers.delete('content-length');
  const etag = headers.get('etag');
  if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
});
