import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../http/errors.js';
import { findPortalBySlug, listPortals } from '../portals/portals.repository.js';

const PORTAL_PATH = /^\/api\/v1\/portals\/([^/]{1,64})(\/|$)/;
/** The public configuration route, the widget's first request. */
const PUBLIC_CONFIG_PATH = /^\/api\/v1\/portals\/([^/]{1,64})$/;
// Routes the widget calls before or outside one portal's path: sign-in, its own account, attachment downloads.
const SHARED_PATHS = [/^\/api\/v1\/auth\//, /^\/api\/v1\/me$/, /^\/api\/v1\/attachments\//];

/**
 * The one origin to allow for this request, or null. Exact string match only:
 * no `null` origin, no suffix look-alikes, no http when https is listed.
 * Portal routes allow that portal's origins; the shared routes allow any
 * enabled portal's.
 */
async function allowedOrigin(
  origin: string,
  path: string,
  db: AppEnv['Variables']['deps']['db']['kysely'],
): Promise<string | null> {
  if (!origin || origin === 'null') return null;
  const portalMatch = PORTAL_PATH.exec(path);
  if (portalMatch) {
    let slug: string;
    try {
      slug = decodeURIComponent(portalMatch[1]!);
    } catch {
      return null;
    }
    const portal = await findPortalBySlug(db, slug);
    return portal?.config.enabled && portal.config.allowedOrigins.includes(origin) ? origin : null;
  }
  const portals = await listPortals(db);
  return portals.some((p) => p.config.enabled && p.config.allowedOrigins.includes(origin)) ? origin : null;
}

function inScope(path: string): boolean {
  return PORTAL_PATH.test(path) || SHARED_PATHS.some((re) => re.test(path));
}

const handler = cors({
  origin: (origin, c) => allowedOrigin(origin, c.req.path, (c.var as AppEnv['Variables']).deps.db.kysely),
  allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
  allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
  exposeHeaders: ['Retry-After'],
  maxAge: 600,
  // Bearer tokens, not cookies, cross origins: no credentials.
  credentials: false,
});

/**
 * A page on an origin the portal does not allow asks for its configuration:
 * the answer is a 403 `origin_not_allowed` that any page may read
 * (`Access-Control-Allow-Origin: *`, no credentials, nothing about the portal
 * in it), so the widget can tell the site's developer which setting to change
 * instead of failing on an unreadable response. An unknown or disabled portal
 * still answers 404, readable the same way.
 */
async function refuseOrigin(
  c: Context<AppEnv>,
  next: () => Promise<void>,
  origin: string,
  slug: string,
): Promise<void> {
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Vary', 'Origin', { append: true });
  const portal = await findPortalBySlug(c.var.deps.db.kysely, slug);
  if (!portal?.config.enabled) return next();
  throw new ApiError(
    403,
    'origin_not_allowed',
    'This site ({origin}) is not allowed to embed portal "{portal}". Add it to the portal\'s allowedOrigins.',
    'allowedOrigins',
    { params: { origin: origin.slice(0, 200), portal: portal.slug } },
  );
}

/**
 * CORS for the embedded widget: answers `Access-Control-Allow-Origin` only to
 * the portal's allowed origins, with `Vary: Origin`, and handles preflights.
 * The one exception is the portal's public configuration asked from a refused
 * origin (see `refuseOrigin`).
 */
export const portalCors = createMiddleware<AppEnv>(async (c, next) => {
  if (!inScope(c.req.path)) return next();
  const origin = c.req.header('origin');
  if (!origin) {
    // Same-origin or non-browser: nothing to allow, but caches must still key on Origin. Set
    // before the answer exists: a header set on a finished answer makes Hono rebuild it around
    // a stream of its body.
    c.header('Vary', 'Origin', { append: true });
    return next();
  }
  const config = c.req.method === 'GET' ? PUBLIC_CONFIG_PATH.exec(c.req.path) : null;
  if (config && origin !== new URL(c.var.deps.settings.publicUrl).origin) {
    let slug: string | null = null;
    try {
      slug = decodeURIComponent(config[1]!);
    } catch {
      // not a slug: the route answers 404
    }
    if (slug !== null && (await allowedOrigin(origin, c.req.path, c.var.deps.db.kysely)) === null) {
      return refuseOrigin(c, next, origin, slug);
    }
  }
  return handler(c, next);
});
