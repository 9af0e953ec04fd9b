import { createRoute, z } from '@hono/zod-openapi';
import type { Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import type { Project } from '../db/schema.js';
import { badRequest, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { nowIso } from '../http/clock.js';
import { recordAudit } from '../audit/audit.js';
import { isUniqueViolation } from './admin-access.js';
import { IdParams, lineText, noContent, PageQuery, pageSchema } from './admin.schemas.js';
import { decodeCursor } from '../http/cursor.js';
import { toPage } from './pagination.js';
import {
  deleteFollower,
  deleteProject,
  findProject,
  followerExists,
  insertFollower,
  insertProject,
  isFollowing,
  listProjectsPage,
  projectFollowers,
  renameProject,
  type ProjectFollower,
} from './projects.repository.js';

/** A project in the list. */
export const AdminProjectSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string() })
  .openapi('AdminProject');

/** A project with who follows it. */
export const AdminProjectDetailSchema = AdminProjectSchema.extend({
  /** Who follows the project: their customers see its shared tickets where a portal grants it. */
  followers: z.object({
    users: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })),
    organizations: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
}).openapi('AdminProjectDetail');
export type AdminProjectDetail = z.infer<typeof AdminProjectDetailSchema>;

const ProjectBody = z.strictObject({ name: lineText(200) }).openapi('AdminProjectBody');
const PatchProjectBody = z.strictObject({ name: lineText(200).optional() }).openapi('AdminPatchProject');

/** Exactly one of the two; checked by hand so the error names the field. */
const FollowerBody = z
  .strictObject({ userId: z.string().min(1).max(64).optional(), organizationId: z.string().min(1).max(64).optional() })
  .openapi('AdminProjectFollower');
type FollowerBody = z.infer<typeof FollowerBody>;

const ListQuery = PageQuery.extend({ q: z.string().max(200).optional() });

const tags = ['admin: projects'];
const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Projects by name',
  request: { query: ListQuery },
  responses: { 200: jsonResponse(pageSchema(AdminProjectSchema, 'AdminProjectPage'), 'A page'), ...errorResponses },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One project with its followers',
  request: { params: IdParams },
  responses: { 200: jsonResponse(AdminProjectDetailSchema, 'The project'), ...errorResponses },
});
const createProjectRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create a project',
  request: { body: jsonBody(ProjectBody) },
  responses: { 201: jsonResponse(AdminProjectDetailSchema, 'Created'), ...errorResponses },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Rename a project',
  request: { params: IdParams, body: jsonBody(PatchProjectBody) },
  responses: { 200: jsonResponse(AdminProjectDetailSchema, 'Changed'), ...errorResponses },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete a project; its tickets stay, without project',
  request: { params: IdParams },
  responses: { ...noContent, ...errorResponses },
});
const addFollowerRoute = createRoute({
  method: 'post',
  path: '/{id}/followers',
  tags,
  summary: 'A user or an organization follows the project (`{userId}` or `{organizationId}`)',
  request: { params: IdParams, body: jsonBody(FollowerBody) },
  responses: { 200: jsonResponse(AdminProjectDetailSchema, 'The project with its followers'), ...errorResponses },
});
const removeFollowerRoute = createRoute({
  method: 'delete',
  path: '/{id}/followers',
  tags,
  summary: 'A user or an organization stops following the project',
  request: { params: IdParams, body: jsonBody(FollowerBody) },
  responses: { 200: jsonResponse(AdminProjectDetailSchema, 'The project with its followers'), ...errorResponses },
});

async function projectOr404(db: Executor, id: string): Promise<Project> {
  const row = await findProject(db, id);
  if (!row) throw notFound('project');
  return row;
}

/** A project and who follows it. */
export async function projectDetail(db: Executor, project: Project): Promise<AdminProjectDetail> {
  const { users, organizations } = await projectFollowers(db, project.id);
  return { id: project.id, name: project.name, createdAt: project.created_at, followers: { users, organizations } };
}

/** Which follower the body names; exactly one of userId and organizationId, and it must exist. */
async function followerOf(db: Executor, body: FollowerBody): Promise<ProjectFollower> {
  if (body.userId !== undefined && body.organizationId !== undefined) {
    throw badRequest('organizationId', 'give either userId or organizationId, not both.');
  }
  if (body.userId !== undefined) {
    const follower: ProjectFollower = { column: 'user_id', id: body.userId };
    if (!(await followerExists(db, follower))) throw badRequest('userId', 'no such user.');
    return follower;
  }
  if (body.organizationId !== undefined) {
    const follower: ProjectFollower = { column: 'organization_id', id: body.organizationId };
    if (!(await followerExists(db, follower))) throw badRequest('organizationId', 'no such organization.');
    return follower;
  }
  throw badRequest('userId', 'give userId or organizationId.');
}

/** A follower as the audit log names it: `{userId}` or `{organizationId}`. */
function followerKey(follower: ProjectFollower): Record<string, string> {
  return follower.column === 'user_id' ? { userId: follower.id } : { organizationId: follower.id };
}

/** `/admin/projects` and their followers: agents and admins. */
export function projectsApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const { cursor, limit, q } = c.req.valid('query');
    const from = cursor ? decodeCursor(cursor, ['string', 'string']) : null;
    const rows = await listProjectsPage(c.var.deps.db.kysely, { from, text: q?.trim() || undefined, limit });
    const page = toPage(rows, limit, (r) => [r.name, r.id]);
    return c.json(
      {
        items: page.items.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at })),
        nextCursor: page.nextCursor,
      },
      200,
    );
  });

  app.openapi(getRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    return c.json(await projectDetail(db, await projectOr404(db, c.req.valid('param').id)), 200);
  });

  app.openapi(createProjectRoute, async (c) => {
    const row: Project = { id: newId(), name: c.req.valid('json').name, created_at: nowIso(c) };
    const db = c.var.deps.db.kysely;
    await db.transaction().execute(async (trx) => {
      await insertProject(trx, row);
      await recordAudit(trx, c, {
        action: 'project.create',
        target: { type: 'project', id: row.id, label: row.name },
        before: null,
        after: { name: row.name },
      });
    });
    return c.json(await projectDetail(db, row), 201);
  });

  app.openapi(patchRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { name } = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    const project = await projectOr404(db, id);
    if (name !== undefined) {
      await db.transaction().execute(async (trx) => {
        await renameProject(trx, id, name);
        await recordAudit(trx, c, {
          action: 'project.update',
          target: { type: 'project', id, label: name },
          before: { name: project.name },
          after: { name },
        });
      });
    }
    return c.json(await projectDetail(db, { ...project, name: name ?? project.name }), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    await c.var.deps.db.kysely.transaction().execute(async (trx) => {
      const project = await findProject(trx, id);
      if (!project || !(await deleteProject(trx, id))) throw notFound('project');
      await recordAudit(trx, c, {
        action: 'project.delete',
        target: { type: 'project', id, label: project.name },
        before: { name: project.name },
        after: null,
      });
    });
    return c.body(null, 204);
  });

  app.openapi(addFollowerRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const project = await projectOr404(db, c.req.valid('param').id);
    const follower = await followerOf(db, c.req.valid('json'));
    // Following twice is not an error: the second request finds the row (or loses the race) and leaves it.
    if (!(await isFollowing(db, project.id, follower))) {
      try {
        await db.transaction().execute(async (trx) => {
          await insertFollower(trx, project.id, follower, nowIso(c));
          await recordAudit(trx, c, {
            action: 'project.follower.add',
            target: { type: 'project', id: project.id, label: project.name },
            before: null,
            after: followerKey(follower),
          });
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    return c.json(await projectDetail(db, project), 200);
  });

  app.openapi(removeFollowerRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const project = await projectOr404(db, c.req.valid('param').id);
    const follower = await followerOf(db, c.req.valid('json'));
    await db.transaction().execute(async (trx) => {
      if (!(await deleteFollower(trx, project.id, follower))) throw notFound('follower');
      await recordAudit(trx, c, {
        action: 'project.follower.remove',
        target: { type: 'project', id: project.id, label: project.name },
        before: followerKey(follower),
        after: null,
      });
    });
    return c.json(await projectDetail(db, project), 200);
  });

  return app;
}
