import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ApiError, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import {
  deleteHostKey,
  deleteHostSite,
  findHostSite,
  insertHostSite,
  keysOf,
  listHostSitesPage,
  renameHostSite,
  summarize,
  type HostSite,
} from '../host-sites/host-sites.repository.js';
import { CreatedIdentityKeySchema, HostSiteSchema, Kid, NewIdentityKeyBody } from '../host-sites/host-sites.schemas.js';
import { addIdentityKey } from '../host-sites/identity-keys.js';
import { listPortals } from '../portals/portals.repository.js';
import { nowIso } from '../http/clock.js';
import { recordAudit } from '../audit/audit.js';
import { requireAdmin } from './admin-access.js';
import { conflictResponse, IdParams, lineText, noContent, PageQuery, pageSchema } from './admin.schemas.js';

const HostSiteBody = z.strictObject({ name: lineText(200) }).openapi('AdminHostSiteBody');
const KeyParams = IdParams.extend({ kid: Kid });

const tags = ['admin: host sites'];
const guard = [requireAdmin];
const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary:
    'Host sites whose backends sign identity tokens, with their keys (never secrets) and the portals trusting them (admins)',
  middleware: guard,
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(HostSiteSchema, 'HostSitePage'), 'A page'), ...errorResponses },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One host site (admins)',
  middleware: guard,
  request: { params: IdParams },
  responses: { 200: jsonResponse(HostSiteSchema, 'The host site'), ...errorResponses },
});
const createSiteRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary:
    'Create a host site; portals trust it through `identity.hostSiteId`, and its customers are the same on all of them (admins)',
  middleware: guard,
  request: { body: jsonBody(HostSiteBody) },
  responses: { 201: jsonResponse(HostSiteSchema, 'Created'), ...errorResponses },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Rename a host site (admins)',
  middleware: guard,
  request: { params: IdParams, body: jsonBody(HostSiteBody) },
  responses: { 200: jsonResponse(HostSiteSchema, 'Changed'), ...errorResponses },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete a host site and its keys, once no portal trusts it (admins)',
  middleware: guard,
  request: { params: IdParams },
  responses: { ...noContent, ...errorResponses, ...conflictResponse },
});
const addKeyRoute = createRoute({
  method: 'post',
  path: '/{id}/identity-keys',
  tags,
  summary:
    'Add a key: `{alg: "HS256", kid?}` answers the generated secret this once; `{alg: "ES256", kid?, publicKeyJwk}` takes the ' +
    "host's public key. Rotate by adding the new key, then removing the old one (admins)",
  middleware: guard,
  request: { params: IdParams, body: jsonBody(NewIdentityKeyBody) },
  responses: { 201: jsonResponse(CreatedIdentityKeySchema, 'The new key'), ...errorResponses, ...conflictResponse },
});
const deleteKeyRoute = createRoute({
  method: 'delete',
  path: '/{id}/identity-keys/{kid}',
  tags,
  summary: 'Remove a key: tokens signed with it stop working at once (admins)',
  middleware: guard,
  request: { params: KeyParams },
  responses: { ...noContent, ...errorResponses },
});

/** Host sites as the admin API shows them: keys summarized, and which portals trust each. */
export async function hostSiteDtos(db: Kysely<Database>, sites: HostSite[]) {
  const keys = await keysOf(
    db,
    sites.map((s) => s.id),
  );
  const portals = await listPortals(db);
  return sites.map((site) => ({
    id: site.id,
    name: site.name,
    keys: (keys.get(site.id) ?? []).map(summarize),
    portals: portals.filter((p) => p.config.identity.hostSiteId === site.id).map((p) => p.slug),
    createdAt: site.createdAt,
    updatedAt: site.updatedAt,
  }));
}

async function siteOr404(db: Kysely<Database>, id: string): Promise<HostSite> {
  const site = await findHostSite(db, id);
  if (!site) throw notFound('host site');
  return site;
}

async function dtoOf(db: Kysely<Database>, site: HostSite) {
  const [dto] = await hostSiteDtos(db, [site]);
  return dto!;
}

/** `/admin/host-sites`: the websites that vouch for their customers, and their keys (contract C3, defect 9). */
export function hostSitesAdminApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const page = await listHostSitesPage(db, c.req.valid('query'));
    return c.json({ items: await hostSiteDtos(db, page.items), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    return c.json(await dtoOf(db, await siteOr404(db, c.req.valid('param').id)), 200);
  });

  app.openapi(createSiteRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const site = await db.transaction().execute(async (trx) => {
      const created = await insertHostSite(trx, c.req.valid('json').name, nowIso(c));
      await recordAudit(trx, c, {
        action: 'host_site.create',
        target: { type: 'host_site', id: created.id, label: created.name },
        before: null,
        after: { name: created.name },
      });
      return created;
    });
    return c.json(await dtoOf(db, site), 201);
  });

  app.openapi(patchRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const site = await siteOr404(db, c.req.valid('param').id);
    const { name } = c.req.valid('json');
    const now = nowIso(c);
    await db.transaction().execute(async (trx) => {
      await renameHostSite(trx, site.id, name, now);
      await recordAudit(trx, c, {
        action: 'host_site.update',
        target: { type: 'host_site', id: site.id, label: name },
        before: { name: site.name },
        after: { name },
      });
    });
    return c.json(await dtoOf(db, { ...site, name, updatedAt: now }), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const site = await siteOr404(db, c.req.valid('param').id);
    const users = (await listPortals(db)).filter((p) => p.config.identity.hostSiteId === site.id);
    if (users.length > 0)
      throw new ApiError(409, 'in_use', 'Portals still use this host site; point them elsewhere first.');
    await db.transaction().execute(async (trx) => {
      await deleteHostSite(trx, site.id);
      await recordAudit(trx, c, {
        action: 'host_site.delete',
        target: { type: 'host_site', id: site.id, label: site.name },
        before: { name: site.name },
        after: null,
      });
    });
    return c.body(null, 204);
  });

  app.openapi(addKeyRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const site = await siteOr404(db, c.req.valid('param').id);
    const created = await db.transaction().execute(async (trx) => {
      const key = await addIdentityKey(trx, site.id, c.req.valid('json'), nowIso(c));
      // The key's kid and algorithm only: its secret is shown to the admin once and never logged.
      await recordAudit(trx, c, {
        action: 'host_site.identity_key.add',
        target: { type: 'host_site', id: site.id, label: site.name },
        before: null,
        after: { kid: key.kid, alg: key.alg },
      });
      return key;
    });
    return c.json(created, 201);
  });

  app.openapi(deleteKeyRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const { id, kid } = c.req.valid('param');
    const site = await siteOr404(db, id);
    await db.transaction().execute(async (trx) => {
      if (!(await deleteHostKey(trx, site.id, kid))) throw notFound('identity key');
      await recordAudit(trx, c, {
        action: 'host_site.identity_key.remove',
        target: { type: 'host_site', id: site.id, label: site.name },
        before: { kid },
        after: null,
      });
    });
    return c.body(null, 204);
  });

  return app;
}
