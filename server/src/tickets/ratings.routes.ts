import { createRoute } from '@hono/zod-openapi';
import { ApiError, forbidden, localeOf } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { nowIso } from '../http/clock.js';
import { managedTicketOr404 } from './customer-scope.js';
import { insertRating } from './ratings.repository.js';
import { ticketDetail } from './ticket-detail.js';
import { CLOSED_STATUSES } from './ticket-fields.js';
import { RateTicketBody, TicketDetailSchema, TicketIdParams } from './tickets.schemas.js';

const rateRoute = createRoute({
  method: 'post',
  path: '/tickets/{id}/rating',
  summary: 'Rate a closed or resolved ticket, once (where the portal asks for ratings)',
  request: { params: TicketIdParams, body: jsonBody(RateTicketBody) },
  responses: {
    201: jsonResponse(TicketDetailSchema, 'The ticket with its rating'),
    ...errorResponses,
    409: errorResponses[400],
  },
});

/**
 * Satisfaction (issue 12), under the portal sub-app (its guards load the portal and the viewer): the requester or a follower rates a closed or
 * resolved ticket good or bad, with an optional comment, once. Refused (403)
 * where the portal does not ask for ratings; 409 while the ticket is open or
 * once it has a rating.
 */
export function ratingRoutes() {
  return openApiApp().openapi(rateRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const { portal, viewer } = c.var;
    // The ticket first: a ticket the viewer may not see answers as a missing one, whatever the portal's settings.
    const ticket = await managedTicketOr404(c, id);
    if (!portal.config.satisfaction) throw forbidden('This portal does not ask for ratings.');
    if (!CLOSED_STATUSES.includes(ticket.status as never))
      throw new ApiError(409, 'not_closed', 'This ticket is not closed.');
    const db = c.var.deps.db.kysely;
    const recorded = await insertRating(db, {
      ticketId: id,
      rating: body.rating,
      comment: body.comment,
      userId: viewer.userId,
      now: nowIso(c),
    });
    if (!recorded) throw new ApiError(409, 'already_rated', 'This ticket has already been rated.');
    return c.json(await ticketDetail(db, viewer, portal, ticket, localeOf(c)), 201);
  });
}
