import { createRoute, z } from '@hono/zod-openapi';
import type { Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import type { Organization } from '../db/schema.js';
import { notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { nowIso } from '../http/clock.js';
import { recordAudit } from '../audit/audit.js';
import { conflict } from './admin-access.js';
import { conflictResponse, IdParams, lineText, noContent, PageQuery, pageSchema } from './admin.schemas.js';
import {
  deleteOrganization,
  domainClaimed,
  findOrganization,
  insertOrganization,
  listOrganizationsPage,
  updateOrganization,
} from './organizations.repository.js';
import { decodeCursor } from '../http/cursor.js';
import { toPage } from './pagination.js';

/** An organization as the admin API returns it. */
export const AdminOrganizationSchema = z
  .object({ id: z.string(), name: z.string(), domain: z.string().nullable(), createdAt: z.string() })
  .openapi('AdminOrganization');
export type AdminOrganization = z.infer<typeof AdminOrganizationSchema>;

/** An email domain such as `acme.example`, stored lower case. */
const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, 'must be a domain such as example.com');

const CreateOrganizationBody = z
  .strictObject({ name: lineText(200), domain: Domain.nullable().default(null) })
  .openapi('AdminCreateOrganization');
const PatchOrganizationBody = z
  .strictObject({ name: lineText(200).optional(), domain: Domain.nullable().optional() })
  .openapi('AdminPatchOrganization');
const ListQuery = PageQuery.extend({ q: z.string().max(200).optional() });

function toDto(row: Organization): AdminOrganization {
  return { id: row.id, name: row.name, domain: row.domain, createdAt: row.created_at };
}

const tags = ['admin: organizations'];
const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Organizations by name; `q` matches name or domain',
  request: { query: ListQuery },
  responses: {
    200: jsonResponse(pageSchema(AdminOrganizationSchema, 'AdminOrganizationPage'), 'A page'),
    ...errorResponses,
  },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One organization',
  request: { params: IdParams },
  responses: { 200: jsonResponse(AdminOrganizationSchema, 'The organization'), ...errorResponses },
});
const createOrgRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create an organization (admins only); `domain` claims an email domain for self sign-up',
  request: { body: jsonBody(CreateOrganizationBody) },
  responses: { 201: jsonResponse(AdminOrganizationSchema, 'Created'), ...errorResponses, ...conflictResponse },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Rename an organization or change its domain claim (admins only)',
  request: { params: IdParams, body: jsonBody(PatchOrganizationBody) },
  responses: { 200: jsonResponse(AdminOrganizationSchema, 'Changed'), ...errorResponses, ...conflictResponse },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete an organization (admins only); its members and tickets stay, without organization',
  request: { params: IdParams },
  responses: { ...noContent, ...errorResponses },
});

/** `/admin/organizations`: agents and admins. */
export function organizationsApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const { cursor, limit, q } = c.req.valid('query');
    const from = cursor ? decodeCursor(cursor, ['string', 'string']) : null;
    const rows = await listOrganizationsPage(c.var.deps.db.kysely, { from, text: q?.trim() || undefined, limit });
    const page = toPage(rows, limit, (r) => [r.name, r.id]);
    return c.json({ items: page.items.map(toDto), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const row = await findOrganization(c.var.deps.db.kysely, c.req.valid('param').id);
    if (!row) throw notFound('organization');
    return c.json(toDto(row), 200);
  });

  app.openapi(createOrgRoute, async (c) => {
    const body = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    if (body.domain) await assertDomainFree(db, body.domain, null);
    const row: Organization = { id: newId(), name: body.name, domain: body.domain, created_at: nowIso(c) };
    await db.transaction().execute(async (trx) => {
      await insertOrganization(trx, row);
      await recordAudit(trx, c, {
        action: 'organization.create',
        target: { type: 'organization', id: row.id, label: row.name },
        before: null,
        after: { name: row.name, domain: row.domain },
      });
    });
    return c.json(toDto(row), 201);
  });

  app.openapi(patchRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    const row = await findOrganization(db, id);
    if (!row) throw notFound('organization');
    if (body.domain) await assertDomainFree(db, body.domain, id);
    const changes = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.domain !== undefined ? { domain: body.domain } : {}),
    };
    if (Object.keys(changes).length > 0) {
      await db.transaction().execute(async (trx) => {
        await updateOrganization(trx, id, changes);
        await recordAudit(trx, c, {
          action: 'organization.update',
          target: { type: 'organization', id, label: changes.name ?? row.name },
          before: { name: row.name, domain: row.domain },
          after: { name: row.name, domain: row.domain, ...changes },
        });
      });
    }
    return c.json(toDto({ ...row, ...changes }), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    await c.var.deps.db.kysely.transaction().execute(async (trx) => {
      const row = await findOrganization(trx, id);
      if (!row || !(await deleteOrganization(trx, id))) throw notFound('organization');
      await recordAudit(trx, c, {
        action: 'organization.delete',
        target: { type: 'organization', id, label: row.name },
        before: { name: row.name, domain: row.domain },
        after: null,
      });
    });
    return c.body(null, 204);
  });

  return app;
}

/** One organization per email domain, or self sign-up could not tell where a newcomer belongs. */
async function assertDomainFree(db: Executor, domain: string, exceptId: string | null): Promise<void> {
  if (await domainClaimed(db, domain, exceptId)) throw conflict('domain', 'is claimed by another organization.');
}
