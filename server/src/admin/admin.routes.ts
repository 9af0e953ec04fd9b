import { requireViewer } from '../auth/require-viewer.js';
import { openApiApp } from '../http/openapi-app.js';
import { inboundAdminApp } from '../inbound/inbound.routes.js';
import { adminTicketsApp } from './admin-tickets.routes.js';
import { customFieldsApp } from './custom-fields.routes.js';
import { hostSitesAdminApp } from './host-sites.routes.js';
import { organizationsApp } from './organizations.routes.js';
import { portalsAdminApp } from './portals.routes.js';
import { previewApp } from './preview.routes.js';
import { projectsApp } from './projects.routes.js';
import { ticketTypesApp } from './ticket-types.routes.js';
import { ticketWorkspaceApp } from './ticket-workspace.routes.js';
import { usersApp } from './users.routes.js';

/**
 * The agents' and admins' API under /api/v1/admin. Every route needs a staff
 * session (not a portal-bound or preview one); portal config, host sites, staff accounts
 * and previews further need an admin (checked per route).
 */
export function adminApp() {
  const app = openApiApp();
  app.use('*', requireViewer({ staff: true }));
  app.route('/portals', portalsAdminApp());
  app.route('/host-sites', hostSitesAdminApp());
  app.route('/organizations', organizationsApp());
  app.route('/users', usersApp());
  app.route('/projects', projectsApp());
  app.route('/ticket-types', ticketTypesApp());
  app.route('/custom-fields', customFieldsApp());
  app.route('/tickets', adminTicketsApp());
  app.route('/tickets', ticketWorkspaceApp());
  app.route('/preview', previewApp());
  app.route('/inbound', inboundAdminApp());
  return app;
}
