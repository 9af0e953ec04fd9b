import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { invalidValue, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { defaultPortalConfig, PortalConfigSchema, type PortalConfig } from '../portals/portal-config.js';
import {
  deletePortal,
  findPortalBySlug,
  insertPortal,
  listPortalsPage,
  updatePortalConfig,
  type Portal,
} from '../portals/portals.repository.js';
import { listTicketTypes } from '../tickets/catalog.repository.js';
import { nowIso } from '../tickets/customer-scope.js';
import { conflict, requireAdmin, uniqueOr409 } from './admin-access.js';
import { conflictResponse, noContent, PageQuery, pageSchema } from './admin.schemas.js';
import { checkPortalReferences } from './portal-references.js';

const ConfigSchema = PortalConfigSchema.openapi('AdminPortalConfig');

/** A portal with its full configuration (the public route shows only part of it). */
export const AdminPortalSchema = z
  .object({ id: z.string(), slug: z.string(), config: ConfigSchema, createdAt: z.string(), updatedAt: z.string() })
  .openapi('AdminPortal');

const shape = PortalConfigSchema.shape;
const Palette = shape.branding.shape.light;

/**
 * Any part of a config: nested objects (rules, views, branding palettes) may
 * be partial too and are merged key by key; arrays replace the stored ones.
 * Unknown keys are still refused.
 */
export const PortalConfigPatch = z
  .strictObject({
    name: shape.name.optional(),
    kind: shape.kind.optional(),
    enabled: shape.enabled.optional(),
    rules: shape.rules.partial().optional(),
    visibleTypeIds: shape.visibleTypeIds.optional(),
    detailProperties: shape.detailProperties.optional(),
    views: shape.views.partial().optional(),
    branding: z.strictObject({ light: Palette.partial().optional(), dark: Palette.partial().optional() }).optional(),
    allowedOrigins: shape.allowedOrigins.optional(),
    timesheets: shape.timesheets.optional(),
    priorities: shape.priorities.optional(),
    customerSetsPriority: shape.customerSetsPriority.optional(),
    selfSignUp: shape.selfSignUp.optional(),
  })
  .openapi('AdminPortalConfigPatch');
type PortalConfigPatch = z.infer<typeof PortalConfigPatch>;

const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1-64 characters of a-z, 0-9 and -, not starting with -');
const SlugParams = z.object({ slug: z.string().min(1).max(64) });

const CreatePortalBody = z
  .strictObject({
    slug: Slug,
    /** Merged over the defaults: every type visible, all rules and views on, neutral branding. */
    config: PortalConfigPatch.optional(),
  })
  .openapi('AdminCreatePortal');

const tags = ['admin: portals'];
const guard = [requireAdmin];
const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Every portal with its full configuration (admins)',
  middleware: guard,
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(AdminPortalSchema, 'AdminPortalPage'), 'A page'), ...errorResponses },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{slug}',
  tags,
  summary: 'One portal, enabled or not (admins)',
  middleware: guard,
  request: { params: SlugParams },
  responses: { 200: jsonResponse(AdminPortalSchema, 'The portal'), ...errorResponses },
});
const createPortalRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create a portal (admins)',
  middleware: guard,
  request: { body: jsonBody(CreatePortalBody) },
  responses: { 201: jsonResponse(AdminPortalSchema, 'Created'), ...errorResponses, ...conflictResponse },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/{slug}',
  tags,
  summary: 'Change part of a portal configuration; the result is validated as a whole (admins)',
  middleware: guard,
  request: { params: SlugParams, body: jsonBody(PortalConfigPatch) },
  responses: { 200: jsonResponse(AdminPortalSchema, 'Changed'), ...errorResponses },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/{slug}',
  tags,
  summary: 'Delete a portal and its sessions; the slug can be used again (admins)',
  middleware: guard,
  request: { params: SlugParams },
  responses: { ...noContent, ...errorResponses },
});

function toDto(portal: Portal) {
  return { id: portal.id, slug: portal.slug, config: portal.config, createdAt: portal.createdAt, updatedAt: portal.updatedAt };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `patch` over `base`: objects merge key by key, everything else (arrays included) replaces. */
function merge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  // The patch passed a strict schema, so its keys are known config keys (no __proto__).
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) out[key] = merge(base[key], value);
  }
  return out;
}

/** Merges, validates the result as a whole, then checks the ids and keys it names. */
async function mergedConfig(db: Kysely<Database>, base: PortalConfig, patch: PortalConfigPatch, prefix: string): Promise<PortalConfig> {
  const result = PortalConfigSchema.safeParse(merge(base, patch));
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = [prefix.replace(/\.$/, ''), ...(issue?.path.map(String) ?? [])].filter(Boolean).join('.') || 'body';
    throw invalidValue(field, issue);
  }
  await checkPortalReferences(db, result.data, prefix);
  return result.data;
}

async function portalOr404(db: Kysely<Database>, slug: string): Promise<Portal> {
  const portal = await findPortalBySlug(db, slug);
  if (!portal) throw notFound('portal');
  return portal;
}

/** `/admin/portals`: the full configuration of every portal, for admins only. */
export function portalsAdminApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const { cursor, limit } = c.req.valid('query');
    const page = await listPortalsPage(c.var.deps.db.kysely, { cursor, limit });
    return c.json({ items: page.items.map(toDto), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getRoute, async (c) => c.json(toDto(await portalOr404(c.var.deps.db.kysely, c.req.valid('param').slug)), 200));

  app.openapi(createPortalRoute, async (c) => {
    const { slug, config: patch } = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    if (await findPortalBySlug(db, slug)) throw conflict('slug', 'another portal has this slug.');
    const types = await listTicketTypes(db);
    const defaults = defaultPortalConfig(slug, 'ticket', types.map((t) => t.id));
    const config = await mergedConfig(db, defaults, patch ?? {}, 'config.');
    const portal = await uniqueOr409('slug', 'another portal has this slug.', () => insertPortal(db, slug, config, nowIso(c)));
    return c.json(toDto(portal), 201);
  });

  app.openapi(patchRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const portal = await portalOr404(db, c.req.valid('param').slug);
    const config = await mergedConfig(db, portal.config, c.req.valid('json'), '');
    const now = nowIso(c);
    await updatePortalConfig(db, portal.id, config, now);
    return c.json(toDto({ ...portal, config, updatedAt: now }), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const portal = await portalOr404(db, c.req.valid('param').slug);
    await deletePortal(db, portal.id);
    return c.body(null, 204);
  });

  return app;
}
