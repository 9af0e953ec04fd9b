import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { ApiError, notFound } from '../http/errors.js';
import { findPortalBySlug } from './portals.repository.js';

/**
 * Middleware for `/portals/:slug/...`: loads the portal (404 when unknown or
 * disabled) and, once a viewer is known, refuses a session bound to another portal.
 */
export const loadPortal = createMiddleware<AppEnv>(async (c, next) => {
  const slug = c.req.param('slug') ?? '';
  const portal = slug.length <= 64 ? await findPortalBySlug(c.var.deps.db.kysely, slug) : null;
  if (!portal || !portal.config.enabled) throw notFound('portal');
  c.set('portal', portal);
  await next();
});

/** After `requireViewer`: a token minted for portal A is no key to portal B. */
export const samePortal = createMiddleware<AppEnv>(async (c, next) => {
  const { viewer, portal } = c.var;
  if (viewer.portalId !== null && viewer.portalId !== portal.id) {
    throw new ApiError(401, 'unauthorized', 'This session belongs to another portal.');
  }
  await next();
});
