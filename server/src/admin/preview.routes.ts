import { createRoute, z } from '@hono/zod-openapi';
import { mintSession } from '../auth/sessions.js';
import { badRequest, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { findPortalBySlug } from '../portals/portals.repository.js';
import { requireAdmin } from './admin-access.js';
import { findUserSummary } from './users.repository.js';

/** How long a preview lasts: long enough to look around, short enough not to linger. */
export const PREVIEW_TTL_SECONDS = 60 * 60;

const PreviewBody = z.strictObject({ portal: z.string().min(1).max(64) }).openapi('AdminPreviewRequest');
export const PreviewSchema = z
  .object({
    /** Bearer token for `/api/v1/portals/{portal}/…`: reads as the customer, refuses every change. */
    token: z.string(),
    expiresAt: z.string(),
    portal: z.string(),
    user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  })
  .openapi('AdminPreview');

const previewRoute = createRoute({
  method: 'post',
  path: '/{userId}',
  tags: ['admin: preview'],
  summary: 'A read-only session that sees one portal exactly as this customer does (admins)',
  middleware: [requireAdmin],
  request: { params: z.object({ userId: z.string().min(1).max(64) }), body: jsonBody(PreviewBody) },
  responses: { 201: jsonResponse(PreviewSchema, 'The preview session'), ...errorResponses },
});

/** `/admin/preview/:userId`: "preview as customer". */
export function previewApp() {
  return openApiApp().openapi(previewRoute, async (c) => {
    const { userId } = c.req.valid('param');
    const { portal: slug } = c.req.valid('json');
    const { db, secret, clock } = c.var.deps;
    const user = await findUserSummary(db.kysely, userId);
    if (!user) throw notFound('user');
    if (user.role !== 'customer') throw badRequest('userId', 'only a customer can be previewed.');
    const portal = await findPortalBySlug(db.kysely, slug);
    if (!portal) throw badRequest('portal', 'no such portal.');
    // A disabled portal answers 404 to everyone, a preview included; say so now rather than hand out a useless token.
    if (!portal.config.enabled) throw badRequest('portal', 'is disabled; enable it to preview it.');
    const session = await mintSession(db.kysely, secret, clock, {
      kind: 'preview',
      userId: c.var.viewer.userId,
      previewUserId: user.id,
      portalId: portal.id,
      ttlSeconds: PREVIEW_TTL_SECONDS,
    });
    return c.json(
      {
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
        portal: portal.slug,
        user: { id: user.id, name: user.name, email: user.email },
      },
      201,
    );
  });
}
