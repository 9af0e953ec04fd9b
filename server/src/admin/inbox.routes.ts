import { createRoute } from '@hono/zod-openapi';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonResponse } from '../http/route-helpers.js';
import { InboxCountsQuery, InboxCountsSchema, InboxFilterOptionsSchema } from './admin-tickets.schemas.js';
import { countViews, filterOptions, portalScope } from './inbox.repository.js';

const countsRoute = createRoute({
  method: 'get',
  path: '/counts',
  tags: ['admin: tickets'],
  summary: 'How many tickets each inbox view holds, under the same filters as the list',
  request: { query: InboxCountsQuery },
  responses: { 200: jsonResponse(InboxCountsSchema, 'Counts per view'), ...errorResponses },
});

const filtersRoute = createRoute({
  method: 'get',
  path: '/filters',
  tags: ['admin: tickets'],
  summary: 'What the inbox filters offer: portals, ticket types, staff, organizations',
  responses: { 200: jsonResponse(InboxFilterOptionsSchema, 'Filter options'), ...errorResponses },
});

/** `/admin/tickets/counts` and `/admin/tickets/filters`: the console inbox's numbers beside each view. Mounted before `/admin/tickets/{id}`. */
export function inboxApp() {
  const app = openApiApp();
  app.openapi(countsRoute, async (c) => {
    const filters = c.req.valid('query');
    const db = c.var.deps.db.kysely;
    const scope = {
      viewerId: c.var.viewer.userId,
      now: c.var.deps.clock.now(),
      portal: await portalScope(db, filters.portalId),
    };
    return c.json(await countViews(db, filters, scope), 200);
  });
  app.openapi(filtersRoute, async (c) => c.json(await filterOptions(c.var.deps.db.kysely), 200));
  return app;
}
