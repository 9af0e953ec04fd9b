import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { escapeHtml } from '../mail/text-safety.js';
import { findPortalBySlug } from '../portals/portals.repository.js';

/** Where `npm run build:widget` writes the bundle. */
export const WIDGET_BUNDLE = fileURLToPath(new URL('../../../widget/dist/tickets-portal.js', import.meta.url));

/**
 * The full-screen page's policy: only our own script, our own API, no inline
 * anything. Images may come from https (portal logos) and blob: (downloads).
 */
export const FULLSCREEN_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' https: data: blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Cached {
  mtimeMs: number;
  body: Buffer;
  etag: string;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<script src="/widget/tickets-portal.js" defer></script>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * The widget bundle (`/widget/tickets-portal.js`) and the full-screen portal
 * page (`/p/:slug`, and every path below it so deep links and reloads work).
 */
export function webApp(options: { bundlePath?: string } = {}) {
  const bundlePath = options.bundlePath ?? WIDGET_BUNDLE;
  let cached: Cached | null = null;
  const app = new Hono<AppEnv>();

  app.get('/widget/tickets-portal.js', async (c) => {
    let info;
    try {
      info = await stat(bundlePath);
    } catch {
      return c.text('The widget is not built: run `npm run build:widget`.', 503);
    }
    // Rebuilt bundles are picked up without a restart; the hash is the ETag.
    if (!cached || cached.mtimeMs !== info.mtimeMs) {
      const body = await readFile(bundlePath);
      cached = { mtimeMs: info.mtimeMs, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    }
    const headers = {
      'content-type': 'text/javascript; charset=utf-8',
      // Unversioned URL pasted into host pages: short freshness, then a cheap revalidation.
      'cache-control': 'public, max-age=300, stale-while-revalidate=86400',
      etag: cached.etag,
      // Host pages on other origins load it; nothing else about it is secret.
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
    };
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === cached!.etag)) {
      return c.body(null, 304, headers);
    }
    return c.body(new Uint8Array(cached.body), 200, headers);
  });

  const fullscreen = async (c: Context<AppEnv>) => {
    const slug = c.req.param('slug') ?? '';
    const portal = slug.length <= 64 ? await findPortalBySlug(c.var.deps.db.kysely, slug) : null;
    c.header('content-security-policy', FULLSCREEN_CSP);
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    c.header('cache-control', 'no-cache');
    if (!portal || !portal.config.enabled) {
      return c.html(page('Not found', '<main><h1>No such portal.</h1></main>'), 404);
    }
    const s = escapeHtml(portal.slug);
    return c.html(page(portal.config.name, `<tickets-portal portal="${s}" mode="fullscreen"></tickets-portal>`), 200);
  };
  app.get('/p/:slug', fullscreen);
  app.get('/p/:slug/*', fullscreen);
  return app;
}
