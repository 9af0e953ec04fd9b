import { createRoute, z } from '@hono/zod-openapi';
import { openApiApp } from '../http/openapi-app.js';
import { ErrorSchema } from '../http/errors.js';
import { loadPortal } from './load-portal.js';
import { PortalConfigSchema } from './portal-config.js';
import { listCustomFields, listTicketTypes } from '../tickets/catalog.repository.js';
import { CustomFieldSchema, TicketTypeSchema } from '../tickets/catalog.schemas.js';

const SlugParam = z.object({ slug: z.string().min(1).max(64) });

export const PublicPortalSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    kind: z.enum(['ticket', 'task']),
    branding: PortalConfigSchema.shape.branding,
    views: PortalConfigSchema.shape.views,
    detailProperties: PortalConfigSchema.shape.detailProperties,
    types: z.array(TicketTypeSchema),
    customFields: z.array(CustomFieldSchema),
    priorities: PortalConfigSchema.shape.priorities,
    customerSetsPriority: z.boolean(),
    timesheets: z.boolean(),
    selfSignUp: z.boolean(),
    /** Whether to ask the customer to rate a closed or resolved ticket. */
    satisfaction: z.boolean(),
    /** Largest file the portal takes, in bytes: the widget says a file is too large before sending it. */
    maxUploadBytes: z.number(),
  })
  .openapi('PublicPortal');

const getPortal = createRoute({
  method: 'get',
  path: '/portals/{slug}',
  summary: 'Public configuration of a portal: branding, views, types and fields',
  middleware: [loadPortal],
  request: { params: SlugParam },
  responses: {
    200: { description: 'The portal', content: { 'application/json': { schema: PublicPortalSchema } } },
    403: {
      description:
        "Asked by a page whose Origin is not in the portal's allowedOrigins: `origin_not_allowed`, readable from any origin (Access-Control-Allow-Origin: *)",
      content: { 'application/json': { schema: ErrorSchema } },
    },
    404: { description: 'Unknown or disabled portal', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

/** The one unauthenticated read: what the widget needs before anyone signs in. */
export function publicPortalsApp() {
  return openApiApp().openapi(getPortal, async (c) => {
    const { portal } = c.var;
    const db = c.var.deps.db.kysely;
    const visible = new Set(portal.config.visibleTypeIds);
    const types = (await listTicketTypes(db)).filter((t) => visible.has(t.id));
    const fields = (await listCustomFields(db)).filter(
      (f) => f.typeIds === null || f.typeIds.some((id) => visible.has(id)),
    );
    const { config } = portal;
    c.header('cache-control', 'public, max-age=30');
    return c.json(
      {
        slug: portal.slug,
        name: config.name,
        kind: config.kind,
        branding: config.branding,
        views: config.views,
        detailProperties: config.detailProperties,
        types,
        customFields: fields,
        priorities: config.priorities,
        customerSetsPriority: config.customerSetsPriority,
        timesheets: config.timesheets,
        selfSignUp: config.selfSignUp,
        satisfaction: config.satisfaction,
        maxUploadBytes: c.var.deps.settings.maxUploadBytes,
      },
      200,
    );
  });
}
