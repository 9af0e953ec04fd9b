import { createRoute, z } from '@hono/zod-openapi';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonResponse } from '../http/route-helpers.js';
import { searchKnownPeople } from './people.repository.js';

/** At most this many suggestions per search. */
const MAX_PEOPLE = 10;

const PersonSchema = z.object({ id: z.string(), name: z.string(), email: z.string() }).openapi('Person');
const PeopleSchema = z.object({ items: z.array(PersonSchema) }).openapi('PeopleList');

const peopleRoute = createRoute({
  method: 'get',
  path: '/people',
  summary:
    'People the signed-in customer may share a ticket with by name: members of their own organization (never themself) ' +
    'whose name or email contains `q`, at most 10. Empty without an organization, and for staff sessions',
  request: {
    params: z.object({ slug: z.string().min(1).max(64) }),
    query: z.strictObject({ q: z.string().trim().min(1).max(100) }),
  },
  responses: { 200: jsonResponse(PeopleSchema, 'Matching people, by name'), ...errorResponses },
});

/** `GET /portals/:slug/people`: the share field's suggestions (contract C1). */
export function peopleApp() {
  return openApiApp().openapi(peopleRoute, async (c) => {
    const items = await searchKnownPeople(c.var.deps.db.kysely, c.var.viewer, c.req.valid('query').q, MAX_PEOPLE);
    return c.json({ items }, 200);
  });
}
