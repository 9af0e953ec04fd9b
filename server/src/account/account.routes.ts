import { createRoute } from '@hono/zod-openapi';
import { requireViewer } from '../auth/require-viewer.js';
import { forbidden } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { findMe, updateMe } from './account.repository.js';
import { MeSchema, PatchMeBody, toMe } from './account.schemas.js';

const getMeRoute = createRoute({
  method: 'get',
  path: '/me',
  summary: 'The signed-in user',
  middleware: [requireViewer()],
  responses: { 200: jsonResponse(MeSchema, 'You'), ...errorResponses },
});

const patchMeRoute = createRoute({
  method: 'patch',
  path: '/me',
  summary: 'Change your name or interface language',
  middleware: [requireViewer()],
  request: { body: jsonBody(PatchMeBody) },
  responses: { 200: jsonResponse(MeSchema, 'You, changed'), ...errorResponses },
});

/** `/api/v1/me`: who is signed in, and the few things they change about themselves. */
export function accountApp() {
  const app = openApiApp();

  app.openapi(getMeRoute, async (c) => c.json(toMe(await findMe(c.var.deps.db.kysely, c.var.viewer.userId)), 200));

  app.openapi(patchMeRoute, async (c) => {
    if (c.var.viewer.readOnly) throw forbidden('A preview cannot change anything.');
    const body = c.req.valid('json');
    const changes = {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.locale !== undefined && { locale: body.locale }),
    };
    await updateMe(c.var.deps.db.kysely, c.var.viewer.userId, changes);
    return c.json(toMe(await findMe(c.var.deps.db.kysely, c.var.viewer.userId)), 200);
  });

  return app;
}
