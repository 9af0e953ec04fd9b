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
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { INVITATION_LINK_TTL_MS, issueSignInLink, signInHome } from '../auth/sign-in-links.js';
import { enqueueEmail } from '../mail/outbox.js';
import { findPortalBySlug, type Portal } from '../portals/portals.repository.js';
import { invitationEmail } from './invitation-email.js';
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
  activeAdminIds,
  deleteUser,
  emailTaken,
  expireSignInTokens,
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
    /** When an admin deactivated them (no sign-in, tickets kept); null while active. */
    deactivatedAt: z.string().nullable(),
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
    /** true: deactivate (sign-in refused, sessions ended, tickets kept); false: reactivate. */
    deactivated: z.boolean().optional(),
  })
  .openapi('AdminPatchUser');
const InviteBody = z
  .strictObject({
    email: Email,
    /** Defaults to the part of the address before the @. */
    name: lineText(200).optional(),
    role: z.enum(ROLES).default('customer'),
    organizationId: z.string().max(64).nullable().default(null),
    locale: z.enum(LOCALES).default('en'),
    /** The portal a customer's link opens (required for customers); staff links open the console. */
    portal: z.string().min(1).max(64).optional(),
  })
  .openapi('AdminInviteUser');
const ResendBody = z.strictObject({ portal: z.string().min(1).max(64).optional() }).openapi('AdminResendInvitation');
const ListQuery = PageQuery.extend({
  role: z.enum(ROLES).optional(),
  organizationId: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
  /** `active` or `deactivated` people only; both when absent. */
  state: z.enum(['active', 'deactivated']).optional(),
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
    deactivatedAt: row.deactivated_at,
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
  summary:
    'Change a user: name, email, organization, role, language, `deactivated` (admins only). A role change or ' +
    'deactivation ends their sessions; the last active admin can be neither demoted nor deactivated (409 `last_admin`)',
  request: { params: IdParams, body: jsonBody(PatchUserBody) },
  responses: { 200: jsonResponse(AdminUserSchema, 'Changed'), ...errorResponses, ...conflictResponse },
});
const inviteRoute = createRoute({
  method: 'post',
  path: '/invitations',
  tags,
  summary:
    'Invite someone by email (admins): creates the customer, agent or admin and emails them a one-time sign-in link, ' +
    'valid 7 days, into the portal named by `portal` (customers; required) or the console (staff; `portal` is ignored)',
  request: { body: jsonBody(InviteBody) },
  responses: { 201: jsonResponse(AdminUserSchema, 'Created and invited'), ...errorResponses, ...conflictResponse },
});
const resendRoute = createRoute({
  method: 'post',
  path: '/{id}/invitation',
  tags,
  summary: 'Email an existing, active person a new invitation link (admins); `portal` as for an invitation',
  request: { params: IdParams, body: jsonBody(ResendBody) },
  responses: { 202: jsonResponse(AdminUserSchema, 'Sent'), ...errorResponses, ...conflictResponse },
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
  if (role === 'customer') await returnToQueue(trx, c, userId);
}

/**
 * Takes someone who no longer works tickets off every ticket assigned to
 * them, each with its `updated` event. An unassigned ticket is the whole
 * support side's again: a customer's reply then emails every agent, not only
 * someone who can no longer act on it.
 */
async function returnToQueue(trx: Executor, c: Context<AppEnv>, userId: string): Promise<void> {
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

/** 409 for a change that would leave no active admin. */
function lastAdmin(): ApiError {
  return new ApiError(
    409,
    'last_admin',
    'This is the last active admin: make someone else an admin first, so that someone can still manage the settings.',
  );
}

/**
 * A deactivated person is out at once: every session ends (and with them
 * their refresh tokens), and sign-in codes and links already mailed stop
 * working. The tickets they opened, their messages and history stay as they
 * are; tickets assigned to a deactivated agent or admin go back to the queue.
 */
async function afterDeactivation(trx: Executor, c: Context<AppEnv>, user: User): Promise<void> {
  await revokeSessions(trx, c.var.deps.clock, { userId: user.id });
  await expireSignInTokens(trx, user.email, nowIso(c));
  if (user.role !== 'customer') await returnToQueue(trx, c, user.id);
}

/**
 * Where an invitation's link leads: customers into an enabled portal (which
 * they must be given), staff into the console (null).
 */
async function invitationPortal(db: Kysely<Database>, role: Role, slug: string | undefined): Promise<Portal | null> {
  if (role !== 'customer') return null;
  if (slug === undefined) throw badRequest('portal', 'name the portal a customer is invited to.', 'required');
  const portal = await findPortalBySlug(db, slug);
  if (!portal || !portal.config.enabled) throw badRequest('portal', 'no such portal, or it is disabled.');
  return portal;
}

/** Queues the invitation email with a fresh one-time link, in the transaction that invites. */
async function sendInvitation(trx: Executor, c: Context<AppEnv>, user: User, portal: Portal | null): Promise<void> {
  const { settings } = c.var.deps;
  const now = nowIso(c);
  const link = await issueSignInLink(trx, settings.publicUrl, {
    portalId: portal?.id ?? null,
    portalSlug: portal?.slug ?? null,
    email: user.email,
    next: signInHome(portal?.slug ?? null),
    purpose: 'invitation',
    now,
  });
  const inviter = await findUser(trx, c.var.viewer.userId);
  const mail = invitationEmail({
    to: user.email,
    recipientUserId: user.id,
    locale: user.locale,
    inviter: inviter?.name ?? '',
    portal: portal?.config ?? null,
    link,
    days: INVITATION_LINK_TTL_MS / (24 * 3600 * 1000),
  });
  await enqueueEmail(trx, mail, now);
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
    const { cursor, limit, role, organizationId, q, state } = c.req.valid('query');
    const from = cursor ? decodeCursor(cursor, ['string', 'string']) : null;
    const rows = await listUsersPage(c.var.deps.db.kysely, {
      from,
      role,
      organizationId,
      text: q?.trim() || undefined,
      state,
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
      deactivated_at: null,
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
    const newRole = body.role !== undefined && body.role !== user.role ? body.role : null;
    const deactivating = body.deactivated === true && user.deactivated_at === null;
    const reactivating = body.deactivated === false && user.deactivated_at !== null;
    const leavesAdmins = user.role === 'admin' && user.deactivated_at === null && (newRole !== null || deactivating);
    if (id === c.var.viewer.userId) {
      // The last admin is told why first: no one else could undo it.
      if (leavesAdmins && (await activeAdminIds(db)).length <= 1) throw lastAdmin();
      if (newRole) throw new ApiError(409, 'own_role', 'role: you cannot change your own role.', 'role');
      if (deactivating) {
        throw new ApiError(409, 'own_account', 'deactivated: you cannot deactivate your own account.', 'deactivated');
      }
    }
    if (body.organizationId !== undefined) await assertOrganization(db, body.organizationId);
    if (body.email !== undefined) await assertEmailFree(db, body.email, id);
    const now = nowIso(c);
    const changes = {
      ...(body.email !== undefined ? { email: body.email } : {}),
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.role !== undefined ? { role: body.role } : {}),
      ...(body.organizationId !== undefined ? { organization_id: body.organizationId } : {}),
      ...(body.locale !== undefined ? { locale: body.locale } : {}),
      ...(deactivating ? { deactivated_at: now } : reactivating ? { deactivated_at: null } : {}),
    };
    if (Object.keys(changes).length > 0) {
      await uniqueOr409('email', 'another user has this email address.', () =>
        db.transaction().execute(async (trx) => {
          // Checked on locked rows, so two admins demoting each other at once cannot leave none.
          if (leavesAdmins && (await activeAdminIds(trx, { lock: true })).every((a) => a === id)) throw lastAdmin();
          await updateUser(trx, id, changes);
          if (newRole) await afterRoleChange(trx, c, id, newRole);
          if (deactivating) await afterDeactivation(trx, c, user);
          await recordAudit(trx, c, {
            action: deactivating
              ? 'user.deactivate'
              : reactivating
                ? 'user.reactivate'
                : newRole
                  ? 'user.role_change'
                  : 'user.update',
            target: { type: 'user', id, label: changes.email ?? user.email },
            before: auditView(user),
            after: auditView({ ...user, ...changes }),
          });
        }),
      );
    }
    return c.json(toDto({ ...user, ...changes }), 200);
  });

  app.openapi(inviteRoute, async (c) => {
    const body = c.req.valid('json');
    assertMayManage(c, body.role);
    const db = c.var.deps.db.kysely;
    await assertOrganization(db, body.organizationId);
    const portal = await invitationPortal(db, body.role, body.portal);
    await assertEmailFree(db, body.email, null);
    const row: User = {
      id: newId(),
      email: body.email,
      name: body.name ?? (body.email.split('@')[0] || body.email).slice(0, 200),
      role: body.role,
      organization_id: body.organizationId,
      locale: body.locale,
      external_id: null,
      created_at: nowIso(c),
      deactivated_at: null,
    };
    await uniqueOr409('email', 'another user has this email address.', () =>
      db.transaction().execute(async (trx) => {
        await insertUser(trx, row);
        await sendInvitation(trx, c, row, portal);
        await recordAudit(trx, c, {
          action: 'user.invite',
          target: { type: 'user', id: row.id, label: row.email },
          before: null,
          after: { ...auditView(row), portal: portal?.slug ?? null },
        });
      }),
    );
    return c.json(toDto(row), 201);
  });

  app.openapi(resendRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.db.kysely;
    const user = await userOr404(db, id);
    assertMayManage(c, user.role);
    if (user.deactivated_at !== null) {
      throw new ApiError(409, 'deactivated', 'This person is deactivated; reactivate them before inviting them again.');
    }
    const portal = await invitationPortal(db, user.role, c.req.valid('json').portal);
    await db.transaction().execute((trx) => sendInvitation(trx, c, user, portal));
    return c.json(toDto(user), 202);
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
