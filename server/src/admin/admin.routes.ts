import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { requireViewer } from '../auth/require-viewer.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses } from '../http/route-helpers.js';
import { auditApp } from '../audit/audit.routes.js';
import { inboundAdminApp } from '../inbound/inbound.routes.js';
import { requireAdmin } from './admin-access.js';
import { adminTicketsApp } from './admin-tickets.routes.js';
import { customFieldsApp } from './custom-fields.routes.js';
import { hostSitesAdminApp } from './host-sites.routes.js';
import { inboxApp } from './inbox.routes.js';
import { organizationsApp } from './organizations.routes.js';
import { portalsAdminApp } from './portals.routes.js';
import { previewApp } from './preview.routes.js';
import { projectsApp } from './projects.routes.js';
import { ticketTypesApp } from './ticket-types.routes.js';
import { ticketWorkspaceApp } from './ticket-workspace.routes.js';
import { usersApp } from './users.routes.js';

/** Middleware: reads pass, every other method needs an admin. */
const adminForWrites = createMiddleware<AppEnv>((c, next) =>
  c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : requireAdmin(c, next),
);

/**
 * The agents' and admins' API under /api/v1/admin. Every route needs a staff
 * session (not a portal-bound or preview one); portal config, host sites, people
 * (users and organizations: agents read them) and previews further need an admin.
 */
export function adminApp() {
  const app = openApiApp();
  app.use('*', requireViewer({ staff: true }));
  // People and settings (projects, the catalog) are the admins' to manage; agents read them
  // (issues 10 and 11: what a role may not do is refused).
  for (const resource of ['/users', '/organizations', '/projects', '/ticket-types', '/custom-fields'])
    for (const path of [resource, `${resource}/*`]) app.use(path, adminForWrites);
  app.route('/portals', portalsAdminApp());
  app.route('/host-sites', hostSitesAdminApp());
  app.route('/organizations', organizationsApp());
  app.route('/users', usersApp());
  app.route('/projects', projectsApp());
  app.route('/ticket-types', ticketTypesApp());
  app.route('/custom-fields', customFieldsApp());
  // Before the tickets app, whose /{id} would take `counts` for an id.
  app.route('/tickets', inboxApp());
  app.route('/tickets', adminTicketsApp());
  app.route('/tickets', ticketWorkspaceApp());
  app.route('/preview', previewApp());
  app.route('/inbound', inboundAdminApp());
  app.route('/audit', auditApp());
  // Served by events/events.routes.ts (a stream, beside the portals' own); described here with the admin API.
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/events',
    tags: ['admin: tickets'],
    summary:
      'Server-sent events for every ticket change, internal notes included (the console inbox and ticket page follow them live)',
    description:
      'A `text/event-stream`: first `event: ready`, then `event: ticket` with data `{id, ticketId, type, at}` for each change; `: keep-alive` comments in between. Needs a staff session (cookie or bearer).',
    responses: {
      200: { description: 'The stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
      401: errorResponses[401],
      403: errorResponses[403],
    },
  });
  return app;
}
