import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { pickEncoding, type Encoding } from '../http/compression.js';

/** The file each coding is read from: the build writes `.br` and `.gz` beside each bundle. */
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz', identity: '' };
const OFFERED: readonly Encoding[] = ['br', 'gzip', 'identity'];

interface Variant {
  mtimeMs: number;
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

export interface BundleFileOptions {
  /** The built bundle; `<path>.br` and `<path>.gz` are its pre-compressed siblings. */
  path: string;
  cacheControl: string;
  /** Extra headers, e.g. `cross-origin-resource-policy`. */
  headers?: Record<string, string>;
  /** What to answer (503) while the bundle is not built. */
  missing: string;
}

/**
 * A handler serving a built bundle and its pre-compressed siblings by
 * `Accept-Encoding` (brotli first, then gzip, else the plain file), with
 * `Vary: Accept-Encoding`, the right `Content-Encoding` and one ETag per
 * coding, so a cache never answers one coding's 304 for another's bytes.
 * Files are re-read when they change on disk (a rebuild needs no restart).
 * A sibling that is missing or older than the bundle is skipped: the plain file is then sent.
 */
export function bundleFile(options: BundleFileOptions) {
  const cache = new Map<Encoding, Variant>();

  async function variant(coding: Encoding, bundleMtimeMs: number): Promise<Variant | null> {
    const file = options.path + SUFFIX[coding];
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch {
      return null;
    }
    // A stale sibling (the bundle was rebuilt without it) would serve yesterday's code.
    if (coding !== 'identity' && mtimeMs < bundleMtimeMs) return null;
    const cached = cache.get(coding);
    if (cached && cached.mtimeMs === mtimeMs) return cached;
    const body = new Uint8Array(await readFile(file));
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
    const fresh = { mtimeMs, body, etag: coding === 'identity' ? `"${hash}"` : `"${hash}-${coding}"` };
    cache.set(coding, fresh);
    return fresh;
  }

  return async (c: Context<AppEnv>) => {
    let bundleMtimeMs: number;
    try {
      bundleMtimeMs = (await stat(options.path)).mtimeMs;
    } catch {
      return c.text(options.missing, 503);
    }
    const wanted = pickEncoding(c.req.header('accept-encoding'), OFFERED) ?? 'identity';
    let coding: Encoding = wanted;
    let chosen = await variant(coding, bundleMtimeMs);
    if (!chosen && coding === 'br' && pickEncoding(c.req.header('accept-encoding'), ['gzip'])) {
      coding = 'gzip';
      chosen = await variant(coding, bundleMtimeMs);
    }
    if (!chosen) {
      coding = 'identity';
      chosen = await variant(coding, bundleMtimeMs);
    }
    if (!chosen) return c.text(options.missing, 503);
    const headers: Record<string, string> = {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': options.cacheControl,
      etag: chosen.etag,
      vary: 'Accept-Encoding',
      'x-content-type-options': 'nosniff',
      ...options.headers,
      ...(coding !== 'identity' && { 'content-encoding': coding }),
    };
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === chosen.etag)) {
      return c.body(null, 304, headers);
    }
    return c.body(chosen.body, 200, headers);
  };
}
