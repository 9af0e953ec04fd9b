import { createRoute, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { requireViewer } from '../auth/require-viewer.js';
import type { LogosTable } from '../db/schema.js';
import { ApiError, ErrorSchema, type ErrorText } from '../http/errors.js';
import { limitBody } from '../http/guards.js';
import { nowIso } from '../http/clock.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonResponse } from '../http/route-helpers.js';
import type { PortalConfig } from '../portals/portal-config.js';
import { updatePortalConfig } from '../portals/portals.repository.js';
import { assertMultipart, receiveFile } from '../uploads/attachments.routes.js';
import { checkLogo, type ImageProblem } from '../uploads/image-check.js';
import { recordLogo } from '../uploads/logos.repository.js';
import { logoUrl } from '../uploads/logos.routes.js';
import { recordAudit } from '../audit/audit.js';
import { requireAdmin } from './admin-access.js';
import { AdminPortalSchema, portalOr404, SlugParams, toDto } from './portals.routes.js';
import { createHash } from 'node:crypto';

/** Logos are small: a header image, not a photo. */
export const MAX_LOGO_BYTES = 512 * 1024;

const PROBLEMS: Record<ImageProblem, ErrorText> = {
  not_an_image: 'must be a PNG, JPEG, WebP or SVG image (checked from its content, not its name).',
  svg_not_utf8: 'an SVG logo must be UTF-8 text.',
  svg_doctype: 'an SVG logo must not contain a DOCTYPE or entity declarations.',
  svg_script: 'an SVG logo must not contain scripts.',
  svg_event_handler: 'an SVG logo must not contain event-handler attributes (onload=, onclick=, …).',
  svg_javascript_url: 'an SVG logo must not contain javascript: URLs.',
  svg_external_reference: 'an SVG logo must not refer to anything outside itself (only #id links).',
  svg_foreign_object: 'an SVG logo must not contain <foreignObject>.',
  svg_stylesheet: 'an SVG logo must not import stylesheets.',
};

const Params = SlugParams.extend({ scheme: z.enum(['light', 'dark']) });
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});
const tags = ['admin: portals'];
// Staff session and admin role checked here: this app is mounted ahead of the admin app (own body policy).
const guard = [
  requireViewer({ staff: true }),
  requireAdmin,
  createMiddleware<AppEnv>((c, next) => limitBody(MAX_LOGO_BYTES + 64 * 1024)(c, next)),
];

const uploadRoute = createRoute({
  method: 'post',
  path: '/{slug}/logos/{scheme}',
  tags,
  summary:
    "Upload the portal's logo for the light or dark scheme (admins): multipart, one `file` part, PNG, JPEG, WebP or SVG " +
    'up to 512 KB. The type is read from the content; an SVG with scripts, event handlers, javascript: or external ' +
    "references, <foreignObject> or a DOCTYPE is refused (422). Sets `branding.<scheme>.logoUrl` to the logo's public URL " +
    '(`/api/v1/logos/{id}`) and answers the portal',
  middleware: guard,
  request: {
    params: Params,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
        },
      },
    },
  },
  responses: {
    200: jsonResponse(AdminPortalSchema, 'The portal, its logo URL set'),
    ...errorResponses,
    413: errorResponse('The file is larger than 512 KB'),
    415: errorResponse('The body is not multipart/form-data'),
    422: errorResponse(
      'The file is not an accepted image, or an SVG with active or external content; `field` is `file`',
    ),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/{slug}/logos/{scheme}',
  tags,
  summary: "Remove the portal's logo for the light or dark scheme (admins): `branding.<scheme>.logoUrl` becomes null",
  middleware: [requireViewer({ staff: true }), requireAdmin],
  request: { params: Params },
  responses: { 200: jsonResponse(AdminPortalSchema, 'The portal, without that logo'), ...errorResponses },
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function withLogo(config: PortalConfig, scheme: 'light' | 'dark', url: string | null): PortalConfig {
  return {
    ...config,
    branding: { ...config.branding, [scheme]: { ...config.branding[scheme], logoUrl: url } },
  };
}

/**
 * `/admin/portals/{slug}/logos/{scheme}`: mounted ahead of the JSON body
 * policy, since uploads are multipart.
 */
export function portalLogosApp() {
  const app = openApiApp();

  app.openapi(uploadRoute, async (c) => {
    assertMultipart(c);
    const { slug, scheme } = c.req.valid('param');
    const db = c.var.deps.db.kysely;
    const portal = await portalOr404(db, slug);
    const { storage } = c.var.deps;
    const stored = await receiveFile(c, MAX_LOGO_BYTES);
    let kept = false;
    try {
      const file = await storage.read(stored.key);
      if (!file) throw new Error('a stored upload could not be read back');
      const bytes = await readAll(file.stream);
      const check = checkLogo(bytes);
      if (!check.ok) {
        throw new ApiError(422, 'invalid_image', PROBLEMS[check.problem], 'file', { named: true });
      }
      const now = nowIso(c);
      const row: LogosTable = {
        id: createHash('sha256').update(bytes).digest('hex'),
        content_type: check.type,
        size: bytes.byteLength,
        storage_key: stored.key,
        uploader_id: c.var.viewer.userId,
        created_at: now,
      };
      const config = withLogo(portal.config, scheme, logoUrl(c.var.deps.settings.publicUrl, row.id));
      // Kept only once committed: a rolled-back row must not leave its bytes behind.
      kept = await db.transaction().execute(async (trx) => {
        const isNew = await recordLogo(trx, row);
        await updatePortalConfig(trx, portal.id, config, now);
        await recordAudit(trx, c, {
          action: 'portal.logo.upload',
          target: { type: 'portal', id: portal.id, label: portal.slug },
          before: portal.config,
          after: config,
        });
        return isNew;
      });
      return c.json(await toDto(db, { ...portal, config, updatedAt: now }), 200);
    } finally {
      // Refused, failed, or the same bytes already stored under another key: this copy is not needed.
      if (!kept) await storage.delete(stored.key).catch(() => undefined);
    }
  });

  app.openapi(deleteRoute, async (c) => {
    const { slug, scheme } = c.req.valid('param');
    const db = c.var.deps.db.kysely;
    const portal = await portalOr404(db, slug);
    const config = withLogo(portal.config, scheme, null);
    const now = nowIso(c);
    await db.transaction().execute(async (trx) => {
      await updatePortalConfig(trx, portal.id, config, now);
      await recordAudit(trx, c, {
        action: 'portal.logo.remove',
        target: { type: 'portal', id: portal.id, label: portal.slug },
        before: portal.config,
        after: config,
      });
    });
    return c.json(await toDto(db, { ...portal, config, updatedAt: now }), 200);
  });

  return app;
}
