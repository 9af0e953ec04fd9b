import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { revokeSessions } from '../auth/sessions.js';
import type { Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import type { Role, User } from '../db/schema.js';
import { ApiError, badRequest, forbidden, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { nowIso } from '../http/clock.js';
import { recordAudit } from '../audit/audit.js';
import { normalizeEmail } from '../tickets/resolve-people.js';
import { recordEvent } from '../tickets/tickets.repository.js';
import { conflict, isForeignKeyViolation, uniqueOr409 } from './admin-access.js';
import {
  conflictResponse,
  IdParams,
  lineText,
  LOCALES,
  noContent,
  PageQuery,
  pageSchema,
  ROLES,
} from './admin.schemas.js';
import { decodeCursor } from '../http/cursor.js';
import { toPage } from './pagination.js';
import {
  deleteUser,
  emailTaken,
  findUser,
  insertUser,
  listUsersPage,
  organizationExists,
  unassignAll,
  updateUser,
} from './users.repository.js';

/** A user as the admin API returns it (no external id, no credentials). */
export const AdminUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    organizationId: z.string().nullable(),
    locale: z.enum(LOCALES),
    createdAt: z.string(),
  })
  .openapi('AdminUser');
export type AdminUser = z.infer<typeof AdminUserSchema>;

const Email = z.email().max(254).transform(normalizeEmail);
const CreateUserBody = z
  .strictObject({
    email: Email,
    name: lineText(200),
    role: z.enum(ROLES).default('customer'),
    organizationId: z.string().max(64).nullable().default(null),
    locale: z.enum(LOCALES).default('en'),
  })
  .openapi('AdminCreateUser');
const PatchUserBody = z
  .strictObject({
    email: Email.optional(),
    name: lineText(200).optional(),
    role: z.enum(ROLES).optional(),
    organizationId: z.string().max(64).nullable().optional(),
    locale: z.enum(LOCALES).optional(),
  })
  .openapi('AdminPatchUser');
const ListQuery = PageQuery.extend({
  role: z.enum(ROLES).optional(),
  organizationId: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
});

function toDto(row: User): AdminUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organizationId: row.organization_id,
    // Rows written before locales were checked read as English rather than failing the response.
    locale: (LOCALES as readonly string[]).includes(row.locale) ? (row.locale as AdminUser['locale']) : 'en',
    createdAt: row.created_at,
  };
}

/** What the audit log keeps of a user. */
function auditView(row: User) {
  const { id: _id, createdAt: _createdAt, ...rest } = toDto(row);
  return rest;
}

const tags = ['admin: users'];
const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Users (customers and staff) by email; filter by role, organization, or `q` in name or email',
  request: { query: ListQuery },
  responses: { 200: jsonResponse(pageSchema(AdminUserSchema, 'AdminUserPage'), 'A page'), ...errorResponses },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One user',
  request: { params: IdParams },
  responses: { 200: jsonResponse(AdminUserSchema, 'The user'), ...errorResponses },
});
const createUserRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create a user (admins only)',
  request: { body: jsonBody(CreateUserBody) },
  responses: { 201: jsonResponse(AdminUserSchema, 'Created'), ...errorResponses, ...conflictResponse },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change a user: name, email, organization, role, language (admins only)',
  request: { params: IdParams, body: jsonBody(PatchUserBody) },
  responses: { 200: jsonResponse(AdminUserSchema, 'Changed'), ...errorResponses, ...conflictResponse },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete a user (admins only) who has no tickets, messages, files or time entries',
  request: { params: IdParams },
  responses: { ...noContent, ...errorResponses, ...conflictResponse },
});

/** Staff accounts (and making anyone staff) are for admins; agents manage customers. */
/**
 * A new role takes effect cleanly: sessions signed in under the old role end
 * (a customer's portal session must not turn into a staff one, nor a staff
 * session into a customer's unbound to any portal), and someone who is no
 * longer staff is taken off the tickets assigned to them, each change in the
 * ticket's history.
 */
async function afterRoleChange(trx: Executor, c: Context<AppEnv>, userId: string, role: Role): Promise<void> {
  await revokeSessions(trx, c.var.deps.clock, { userId });
  if (role !== 'customer') return;
  const now = nowIso(c);
  for (const ticketId of await unassignAll(trx, userId, now)) {
    await recordEvent(trx, {
      ticketId,
      actorId: c.var.viewer.userId,
      type: 'updated',
      data: { properties: ['assignee'] },
      now,
    });
  }
}

function assertMayManage(c: Context<AppEnv>, ...roles: Role[]): void {
  if (c.var.viewer.role !== 'admin' && roles.some((r) => r !== 'customer')) {
    throw forbidden('Only an admin can manage agent and admin accounts.', 'role');
  }
}

async function assertEmailFree(db: Executor, email: string, exceptId: string | null): Promise<void> {
  if (await emailTaken(db, email, exceptId)) throw conflict('email', 'another user has this email address.');
}

async function assertOrganization(db: Executor, organizationId: string | null): Promise<void> {
  if (organizationId === null) return;
  if (!(await organizationExists(db, organizationId))) throw badRequest('organizationId', 'no such organization.');
}

async function userOr404(db: Executor, id: string): Promise<User> {
  const row = await findUser(db, id);
  if (!row) throw notFound('user');
  return row;
}

/** `/admin/users`: customers for agents and admins; staff accounts for admins only. */
export function usersApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const { cursor, limit, role, organizationId, q } = c.req.valid('query');
    const from = cursor ? decodeCursor(cursor, ['string', 'string']) : null;
    const rows = await listUsersPage(c.var.deps.db.kysely, {
      from,
      role,
      organizationId,
      text: q?.trim() || undefined,
      limit,
    });
    const page = toPage(rows, limit, (r) => [r.email, r.id]);
    return c.json({ items: page.items.map(toDto), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getRoute, async (c) =>
    c.json(toDto(await userOr404(c.var.deps.db.kysely, c.req.valid('param').id)), 200),
  );

  app.openapi(createUserRoute, async (c) => {
    const body = c.req.valid('json');
    assertMayManage(c, body.role);
    const db = c.var.deps.db.kysely;
    await assertOrganization(db, body.organizationId);
    await assertEmailFree(db, body.email, null);
    const row: User = {
      id: newId(),
      email: body.email,
      name: body.name,
      role: body.role,
      organization_id: body.organizationId,
      locale: body.locale,
      external_id: null,
      created_at: nowIso(c),
    };
    await uniqueOr409('email', 'another user has this email address.', () =>
      db.transaction().execute(async (trx) => {
        await insertUser(trx, row);
        await recordAudit(trx, c, {
          action: 'user.create',
          target: { type: 'user', id: row.id, label: row.email },
          before: null,
          after: auditView(row),
        });
      }),
    );
    return c.json(toDto(row), 201);
  });

  app.openapi(patchRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    const user = await userOr404(db, id);
    assertMayManage(c, user.role, body.role ?? user.role);
    if (body.role !== undefined && body.role !== user.role && id === c.var.viewer.userId) {
      throw new ApiError(409, 'own_role', 'role: you cannot change your own role.', 'role');
    }
    if (body.organizationId !== undefined) await assertOrganization(db, body.organizationId);
    if (body.email !== undefined) await assertEmailFree(db, body.email, id);
    const changes = {
      ...(body.email !== undefined ? { email: body.email } : {}),
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.role !== undefined ? { role: body.role } : {}),
      ...(body.organizationId !== undefined ? { organization_id: body.organizationId } : {}),
      ...(body.locale !== undefined ? { locale: body.locale } : {}),
    };
    const newRole = body.role !== undefined && body.role !== user.role ? body.role : null;
    if (Object.keys(changes).length > 0) {
      await uniqueOr409('email', 'another user has this email address.', () =>
        db.transaction().execute(async (trx) => {
          await updateUser(trx, id, changes);
          if (newRole) await afterRoleChange(trx, c, id, newRole);
          await recordAudit(trx, c, {
            action: newRole ? 'user.role_change' : 'user.update',
            target: { type: 'user', id, label: changes.email ?? user.email },
            before: auditView(user),
            after: auditView({ ...user, ...changes }),
          });
        }),
      );
    }
    return c.json(toDto({ ...user, ...changes }), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.db.kysely;
    const user = await userOr404(db, id);
    assertMayManage(c, user.role);
    if (id === c.var.viewer.userId) throw new ApiError(409, 'own_account', 'You cannot delete your own account.');
    try {
      await db.transaction().execute(async (trx) => {
        await deleteUser(trx, id);
        await recordAudit(trx, c, {
          action: 'user.delete',
          target: { type: 'user', id, label: user.email },
          before: auditView(user),
          after: null,
        });
      });
    } catch (err) {
      if (isForeignKeyViolation(err)) {
        throw new ApiError(
          409,
          'in_use',
          'This user has tickets, messages, files or time entries; it cannot be deleted.',
        );
      }
      throw err;
    }
    return c.body(null, 204);
  });

  return app;
}
