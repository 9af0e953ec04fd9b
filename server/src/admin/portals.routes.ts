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
import { deleteHostKey, insertHostSite, keysOf, summarize } from '../host-sites/host-sites.repository.js';
import {
  CreatedIdentityKeySchema,
  IdentityKeySummarySchema,
  Kid,
  NewIdentityKeyBody,
} from '../host-sites/host-sites.schemas.js';
import { addIdentityKey } from '../host-sites/identity-keys.js';
import { listTicketTypes } from '../tickets/catalog.repository.js';
import { nowIso } from '../http/clock.js';
import { recordAudit } from '../audit/audit.js';
import { conflict, requireAdmin, uniqueOr409 } from './admin-access.js';
import { conflictResponse, noContent, PageQuery, pageSchema } from './admin.schemas.js';
import { checkPortalReferences, checkSupportAddresses } from './portal-references.js';

/** What an admin sees of a portal's host identity: its host site's keys by kid, never a secret. */
const AdminIdentitySchema = z
  .object({
    hostSiteId: z.string().nullable(),
    keys: z.array(IdentityKeySummarySchema),
    trustEmail: z.boolean(),
    audience: z.string().nullable(),
  })
  .openapi('AdminPortalIdentity');
const ConfigSchema = PortalConfigSchema.extend({ identity: AdminIdentitySchema }).openapi('AdminPortalConfig');

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
    /** Whether customers are asked to rate closed and resolved tickets. */
    satisfaction: z.boolean().optional(),
    /** Which host site's keys sign identity tokens (null: none), and how far to trust them. Keys have their own routes. */
    identity: z
      .strictObject({
        hostSiteId: z.string().min(1).max(64).nullable().optional(),
        trustEmail: z.boolean().optional(),
        audience: z.string().min(1).max(200).nullable().optional(),
      })
      .optional(),
    email: shape.email.unwrap().partial().optional(),
  })
  .openapi('AdminPortalConfigPatch');
type PortalConfigPatch = z.infer<typeof PortalConfigPatch>;

const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1-64 characters of a-z, 0-9 and -, not starting with -');
export const SlugParams = z.object({ slug: z.string().min(1).max(64) });

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
  responses: { 200: jsonResponse(AdminPortalSchema, 'Changed'), ...errorResponses, ...conflictResponse },
});
const addKeyRoute = createRoute({
  method: 'post',
  path: '/{slug}/identity-keys',
  tags,
  summary:
    'Add a key to the portal\'s host site (created for the portal if it has none): `{alg: "HS256", kid?}` answers the ' +
    'generated secret this once; `{alg: "ES256", kid?, publicKeyJwk}` takes the host\'s public key. Rotate by adding the new ' +
    'key, then removing the old one (admins)',
  middleware: guard,
  request: { params: SlugParams, body: jsonBody(NewIdentityKeyBody) },
  responses: { 201: jsonResponse(CreatedIdentityKeySchema, 'The new key'), ...errorResponses, ...conflictResponse },
});
const deleteKeyRoute = createRoute({
  method: 'delete',
  path: '/{slug}/identity-keys/{kid}',
  tags,
  summary: "Remove a key from the portal's host site: tokens signed with it stop working at once (admins)",
  middleware: guard,
  request: { params: SlugParams.extend({ kid: Kid }) },
  responses: { ...noContent, ...errorResponses },
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

/** Portals as the admin API shows them: the identity part lists the host site's keys by kid, without secrets. */
async function toDtos(db: Kysely<Database>, portals: Portal[]) {
  const keys = await keysOf(
    db,
    portals.flatMap((p) => (p.config.identity.hostSiteId ? [p.config.identity.hostSiteId] : [])),
  );
  return portals.map((portal) => {
    const { identity } = portal.config;
    return {
      id: portal.id,
      slug: portal.slug,
      config: {
        ...portal.config,
        identity: {
          ...identity,
          keys: (identity.hostSiteId ? (keys.get(identity.hostSiteId) ?? []) : []).map(summarize),
        },
      },
      createdAt: portal.createdAt,
      updatedAt: portal.updatedAt,
    };
  });
}

/** One portal as the admin API shows it (also the answer of the logo routes). */
export async function toDto(db: Kysely<Database>, portal: Portal) {
  const [dto] = await toDtos(db, [portal]);
  return dto!;
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

/**
 * Merges, validates the result as a whole, then checks the ids and keys it
 * names and that its support addresses are its own (`portalId`: the portal
 * changed, null for one being created).
 */
async function mergedConfig(
  db: Kysely<Database>,
  base: PortalConfig,
  patch: PortalConfigPatch,
  prefix: string,
  portalId: string | null,
): Promise<PortalConfig> {
  const result = PortalConfigSchema.safeParse(merge(base, patch));
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = [prefix.replace(/\.$/, ''), ...(issue?.path.map(String) ?? [])].filter(Boolean).join('.') || 'body';
    throw invalidValue(field, issue);
  }
  await checkPortalReferences(db, result.data, prefix);
  await checkSupportAddresses(db, result.data, portalId, prefix);
  return result.data;
}

export async function portalOr404(db: Kysely<Database>, slug: string): Promise<Portal> {
  const portal = await findPortalBySlug(db, slug);
  if (!portal) throw notFound('portal');
  return portal;
}

/** `/admin/portals`: the full configuration of every portal, for admins only. */
export function portalsAdminApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const { cursor, limit } = c.req.valid('query');
    const db = c.var.deps.db.kysely;
    const page = await listPortalsPage(db, { cursor, limit });
    return c.json({ items: await toDtos(db, page.items), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    return c.json(await toDto(db, await portalOr404(db, c.req.valid('param').slug)), 200);
  });

  app.openapi(createPortalRoute, async (c) => {
    const { slug, config: patch } = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    if (await findPortalBySlug(db, slug)) throw conflict('slug', 'another portal has this slug.');
    const types = await listTicketTypes(db);
    const defaults = defaultPortalConfig(
      slug,
      'ticket',
      types.map((t) => t.id),
    );
    const config = await mergedConfig(db, defaults, patch ?? {}, 'config.', null);
    const portal = await uniqueOr409('slug', 'another portal has this slug.', () =>
      db.transaction().execute(async (trx) => {
        const created = await insertPortal(trx, slug, config, nowIso(c));
        await recordAudit(trx, c, {
          action: 'portal.create',
          target: { type: 'portal', id: created.id, label: slug },
          before: null,
          after: { slug, ...config },
        });
        return created;
      }),
    );
    return c.json(await toDto(db, portal), 201);
  });

  app.openapi(patchRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const portal = await portalOr404(db, c.req.valid('param').slug);
    const config = await mergedConfig(db, portal.config, c.req.valid('json'), '', portal.id);
    const now = nowIso(c);
    await db.transaction().execute(async (trx) => {
      await updatePortalConfig(trx, portal.id, config, now);
      await recordAudit(trx, c, {
        action: 'portal.update',
        target: { type: 'portal', id: portal.id, label: portal.slug },
        before: portal.config,
        after: config,
      });
    });
    return c.json(await toDto(db, { ...portal, config, updatedAt: now }), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const portal = await portalOr404(db, c.req.valid('param').slug);
    await db.transaction().execute(async (trx) => {
      await deletePortal(trx, portal.id);
      await recordAudit(trx, c, {
        action: 'portal.delete',
        target: { type: 'portal', id: portal.id, label: portal.slug },
        before: { slug: portal.slug, ...portal.config },
        after: null,
      });
    });
    return c.body(null, 204);
  });

  app.openapi(addKeyRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const portal = await portalOr404(db, c.req.valid('param').slug);
    const body = c.req.valid('json');
    const created = await db.transaction().execute(async (trx) => {
      const now = nowIso(c);
      let hostSiteId = portal.config.identity.hostSiteId;
      if (hostSiteId === null) {
        // A portal's first key: it gets a host site of its own, which other portals can then be pointed at.
        hostSiteId = (await insertHostSite(trx, portal.config.name, now)).id;
        const config = { ...portal.config, identity: { ...portal.config.identity, hostSiteId } };
        await updatePortalConfig(trx, portal.id, config, now);
      }
      const key = await addIdentityKey(trx, hostSiteId, body, now);
      // The key's kid and algorithm only: its secret is shown to the admin once and never logged.
      await recordAudit(trx, c, {
        action: 'portal.identity_key.add',
        target: { type: 'portal', id: portal.id, label: portal.slug },
        before: null,
        after: { hostSiteId, kid: key.kid, alg: key.alg },
      });
      return key;
    });
    return c.json(created, 201);
  });

  app.openapi(deleteKeyRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const { slug, kid } = c.req.valid('param');
    const portal = await portalOr404(db, slug);
    const hostSiteId = portal.config.identity.hostSiteId;
    if (hostSiteId === null) throw notFound('identity key');
    await db.transaction().execute(async (trx) => {
      if (!(await deleteHostKey(trx, hostSiteId, kid))) throw notFound('identity key');
      await recordAudit(trx, c, {
        action: 'portal.identity_key.remove',
        target: { type: 'portal', id: portal.id, label: portal.slug },
        before: { hostSiteId, kid },
        after: null,
      });
    });
    return c.body(null, 204);
  });

  return app;
}
