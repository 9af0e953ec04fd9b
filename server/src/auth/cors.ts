import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { findPortalBySlug, listPortals } from '../portals/portals.repository.js';

const PORTAL_PATH = /^\/api\/v1\/portals\/([^/]{1,64})(\/|$)/;
// Routes the widget calls before or outside one portal's path: sign-in, its own account, attachment downloads.
const SHARED_PATHS = [/^\/api\/v1\/auth\//, /^\/api\/v1\/me$/, /^\/api\/v1\/attachments\//];

/**
 * The one origin to allow for this request, or null. Exact string match only:
 * no `null` origin, no suffix look-alikes, no http when https is listed.
 * Portal routes allow that portal's origins; the shared routes allow any
 * enabled portal's.
 */
async function allowedOrigin(origin: string, path: string, db: AppEnv['Variables']['deps']['db']['kysely']): Promise<string | null> {
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
 * CORS for the embedded widget: answers `Access-Control-Allow-Origin` only to
 * the portal's allowed origins, with `Vary: Origin`, and handles preflights.
 */
export const portalCors = createMiddleware<AppEnv>(async (c, next) => {
  if (!inScope(c.req.path)) return next();
  if (!c.req.header('origin')) {
    // Same-origin or non-browser: nothing to allow, but caches must still key on Origin.
    await next();
    c.header('Vary', 'Origin', { append: true });
    return;
  }
  return handler(c, next);
});
