import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from './app-env.js';
import { accountApp } from './account/account.routes.js';
import { authApp, linkPageApp } from './auth/auth.routes.js';
import { portalCors } from './auth/cors.js';
import { adminApp } from './admin/admin.routes.js';
import { adminUploadsApp } from './admin/ticket-workspace.routes.js';
import { portalLogosApp } from './admin/portal-logos.routes.js';
import { publicLogosApp } from './uploads/logos.routes.js';
import { createEventHub } from './events/event-hub.js';
import { staffEventsApp } from './events/events.routes.js';
import { downloadsApp } from './uploads/attachments.routes.js';
import { compressWhereItPays } from './http/compression.js';
import { errorBody, handleError, localeOf, translate } from './http/errors.js';
import { jsonBodies, limitBody, refuseNulInUrl } from './http/guards.js';
import { devMailboxApp } from './mail/dev-mailbox.routes.js';
import { portalApp } from './portals/portal-app.js';
import { publicPortalsApp } from './portals/portals.routes.js';
import { webApp } from './web/web.routes.js';
import { inboundMimeApp, INBOUND_MIME_PATH } from './inbound/inbound.routes.js';
import { healthApp } from './ops/health.routes.js';
import { requestLog } from './ops/request-log.js';

/** Builds the whole HTTP app from its dependencies. Nothing here is global, so tests build one each. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const events = createEventHub(deps.db.kysely, deps.clock, { commits: deps.db.commits });
  // Raw emails are held to their own limit; the endpoint checks the type and the token itself.
  const mimeLimit = limitBody(deps.settings.inbound?.maxMessageBytes ?? deps.settings.maxJsonBytes);

  app.onError(handleError);
  app.notFound((c) => c.json(errorBody('not_found', translate('No such route.', localeOf(c))), 404));
  // Outermost: times every request and logs its outcome, errors included.
  if (deps.logger) app.use('*', requestLog(deps.logger));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  // Outermost after deps: it sees every answer, errors included, once it is complete.
  app.use('*', compressWhereItPays);
  // A change may have queued mail in its transaction, committed by now: send it without waiting for the poll.
  app.use('/api/*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') deps.outbox?.wake();
  });
  // First, so every answer (415, 413, 429, errors) carries the CORS headers the widget needs to read it.
  app.use('/api/*', portalCors);
  app.use('*', refuseNulInUrl);

  app.route('/', healthApp());
  // Handlers answer in the order they are mounted: the public portal page
  // first (the portal scope requires a session), then the resources that
  // own their body policy (the portal scope holds uploads ahead of its JSON
  // policy; raw email; staff uploads), and after the JSON body policy everything else.
  app.route('/api/v1', publicPortalsApp());
  app.route('/api/v1/portals/:slug', portalApp(events, deps.settings.maxJsonBytes));
  app.use(INBOUND_MIME_PATH, mimeLimit);
  app.route('/api/v1', inboundMimeApp());
  app.route('/api/v1/admin/tickets', adminUploadsApp());
  app.route('/api/v1/admin/portals', portalLogosApp());
  app.use('/api/*', jsonBodies(deps.settings.maxJsonBytes));
  app.route('/api/v1', downloadsApp());
  app.route('/api/v1', publicLogosApp());
  // The console's live stream, before the admin app (whose guards it shares in its own route).
  app.route('/api/v1', staffEventsApp(events));
  app.route('/api/v1/admin', adminApp());
  app.route('/api/v1', authApp());
  app.route('/api/v1', accountApp());
  app.route('/', linkPageApp());
  app.route('/', webApp());
  if (deps.settings.devMailbox) app.route('/dev', devMailboxApp());

  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Tickets Portal API', version: '1' },
  });
  return app;
}
