import { requireViewer } from '../auth/require-viewer.js';
import type { EventHub } from '../events/event-hub.js';
import { eventsApp } from '../events/events.routes.js';
import { jsonBodies } from '../http/guards.js';
import { openApiApp } from '../http/openapi-app.js';
import { peopleApp } from '../people/people.routes.js';
import { customerTicketsApp } from '../tickets/tickets.routes.js';
import { uploadsApp } from '../uploads/attachments.routes.js';
import { loadPortal, samePortal } from './load-portal.js';

/**
 * Everything a signed-in customer does through one portal, mounted at
 * `/api/v1/portals/:slug`. The guard stack is applied here, once, to every
 * resource under it: the portal is loaded (404 when unknown or disabled), the
 * session checked (401) and held to its own portal (401). Handlers then find
 * `portal` and `viewer` set.
 *
 * Resources with a body of their own kind (uploads) are mounted before the
 * JSON body policy, which therefore never runs for them; all the others after.
 */
export function portalApp(events: EventHub, maxJsonBytes: number) {
  const app = openApiApp();
  app.use('*', loadPortal, requireViewer(), samePortal);
  app.route('/', uploadsApp());
  app.use('*', jsonBodies(maxJsonBytes));
  app.route('/', customerTicketsApp());
  app.route('/', peopleApp());
  app.route('/', eventsApp(events));
  return app;
}
