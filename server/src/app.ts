import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from './app-env.js';
import { adminApp } from './admin/admin.routes.js';
import { attachmentsApp } from './uploads/attachments.routes.js';
import { errorBody, handleError } from './http/errors.js';
import { jsonOnly, limitBody } from './http/guards.js';
import { publicPortalsApp } from './portals/portals.routes.js';
import { customerTicketsApp } from './tickets/tickets.routes.js';

/** Builds the whole HTTP app from its dependencies. Nothing here is global, so tests build one each. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const jsonLimit = limitBody(deps.settings.maxJsonBytes);
  // Multipart framing adds a little to the file itself; the file's own size is checked exactly.
  const uploadLimit = limitBody(deps.settings.maxUploadBytes + 64 * 1024);

  app.onError(handleError);
  app.notFound((c) => c.json(errorBody('not_found', 'No such route.'), 404));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('/api/*', jsonOnly, (c, next) =>
    c.req.method === 'POST' && c.req.path.endsWith('/attachments') ? uploadLimit(c, next) : jsonLimit(c, next),
  );

  app.route('/api/v1', publicPortalsApp());
  app.route('/api/v1', customerTicketsApp());
  app.route('/api/v1', attachmentsApp());
  app.route('/api/v1/admin', adminApp());

  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Tickets Portal API', version: '1' },
  });
  return app;
}
