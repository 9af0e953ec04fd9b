import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AppEnv } from '../app-env.js';
import { sessionTokenOf } from '../auth/require-viewer.js';
import { resolveSession } from '../auth/sessions.js';
import { findPortalBySlug } from '../portals/portals.repository.js';
import { bundleFile } from './bundle-file.js';
import { widgetDistDir } from './widget-dist.js';

/** Where `npm run build:widget` writes the bundle (with `.br` and `.gz` beside it). */
export const WIDGET_BUNDLE = join(widgetDistDir(), 'tickets-portal.js');
/** The widget's panel (its views), which the widget loads beside itself when a portal first opens. */
export const PANEL_BUNDLE = join(widgetDistDir(), 'tickets-portal-panel.js');
/** Where `npm run build:widget` writes the console's bundle (with `.br` and `.gz` beside it). */
export const CONSOLE_BUNDLE = join(widgetDistDir(), 'console.js');

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

/** Markup built with hono's `html` template, which escapes every interpolated string. */
type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

function page(title: string, body: Html, script = '/widget/tickets-portal.js'): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>${title}</title>
<script src="${script}" defer></script>
</head>
<body>
${body}
</body>
</html>
`;
}

/** Who the session cookie signs in, if anyone: our pages tell their element, which cannot read the HttpOnly cookie. */
async function cookieViewer(c: Context<AppEnv>) {
  const { db, secret, clock } = c.var.deps;
  const token = sessionTokenOf(c);
  return token ? resolveSession(db.kysely, secret, clock, token) : null;
}

/** The headers of our own full-screen pages (the portal and the console). */
function pageHeaders(c: Context<AppEnv>): void {
  c.header('content-security-policy', FULLSCREEN_CSP);
  c.header('x-content-type-options', 'nosniff');
  c.header('referrer-policy', 'no-referrer');
  c.header('cache-control', 'no-cache');
}

/**
 * The widget bundle (`/widget/tickets-portal.js`) and its panel (`/widget/tickets-portal-panel.js`), the full-screen portal
 * page (`/p/:slug`, and every path below it so deep links and reloads work),
 * and the support console (`/console`, every path below it, and its bundle
 * `/console/console.js`). Bundles go out pre-compressed (see `bundleFile`).
 */
export function webApp(options: { bundlePath?: string; panelBundlePath?: string; consoleBundlePath?: string } = {}) {
  const app = new Hono<AppEnv>();

  app.get(
    '/widget/tickets-portal.js',
    bundleFile({
      path: options.bundlePath ?? WIDGET_BUNDLE,
      // Unversioned URL pasted into host pages: short freshness, then a cheap revalidation.
      cacheControl: 'public, max-age=300, stale-while-revalidate=86400',
      // Host pages on other origins load it; nothing else about it is secret, its load timings
      // (transfer and body sizes in Resource Timing) included: host sites may measure what we cost them.
      headers: { 'cross-origin-resource-policy': 'cross-origin', 'timing-allow-origin': '*' },
      missing: 'The widget is not built: run `npm run build:widget`.',
    }),
  );

  app.get(
    '/widget/tickets-portal-panel.js',
    bundleFile({
      path: options.panelBundlePath ?? PANEL_BUNDLE,
      // The widget asks for it by its content hash (`?v=`): a new build is a new URL.
      cacheControl: 'public, max-age=31536000, immutable',
      headers: { 'cross-origin-resource-policy': 'cross-origin', 'timing-allow-origin': '*' },
      missing: 'The widget is not built: run `npm run build:widget`.',
    }),
  );

  app.get(
    '/console/console.js',
    bundleFile({
      path: options.consoleBundlePath ?? CONSOLE_BUNDLE,
      // Only our own page loads it: revalidated on every load (a 304 is cheap), so a deploy shows at once.
      cacheControl: 'no-cache',
      headers: { 'cross-origin-resource-policy': 'same-origin' },
      missing: 'The console is not built: run `npm run build:widget`.',
    }),
  );

  // The console's page is the same for every path below it: the console routes in the browser.
  // It says whether the cookie holds a live session, so a signed-out visitor is shown the sign-in
  // at once, without first asking /me for a 401 (the cookie is HttpOnly: the page cannot look).
  const consolePage = async (c: Context<AppEnv>) => {
    const viewer = await cookieViewer(c);
    pageHeaders(c);
    const element = viewer ? html`<tp-console></tp-console>` : html`<tp-console signed-out></tp-console>`;
    return c.html(page('Tickets Portal console', element, '/console/console.js'), 200);
  };
  app.get('/console', consolePage);
  app.get('/console/*', consolePage);

  const fullscreen = async (c: Context<AppEnv>) => {
    const slug = c.req.param('slug') ?? '';
    const portal = slug.length <= 64 ? await findPortalBySlug(c.var.deps.db.kysely, slug) : null;
    pageHeaders(c);
    if (!portal || !portal.config.enabled) {
      return c.html(page('Not found', html`<main><h1>No such portal.</h1></main>`), 404);
    }
    // As the console's page: a visitor the cookie signs nobody in is shown the sign-in without a /me that answers 401.
    const viewer = await cookieViewer(c);
    const signedOut = viewer && (viewer.portalId === null || viewer.portalId === portal.id) ? '' : html` signed-out`;
    return c.html(
      page(
        portal.config.name,
        html`<tickets-portal portal="${portal.slug}" mode="fullscreen"${signedOut}></tickets-portal>`,
      ),
      200,
    );
  };
  app.get('/p/:slug', fullscreen);
  app.get('/p/:slug/*', fullscreen);
  return app;
}
