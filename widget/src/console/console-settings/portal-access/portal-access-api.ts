// The access tab's own call: the ticket types, to name them (never by id).
import type { z } from 'zod';
import type { TicketTypeSchema } from '../../../../../server/src/tickets/catalog.schemas.js';
import type { ApiClient } from '../../../api/client.js';
import { allPages } from '../settings-portals/settings-portals-api.js';

export type TicketType = z.infer<typeof TicketTypeSchema>;

/** Every ticket type, in the catalog's order. */
export async function ticketTypes(client: ApiClient): Promise<TicketType[]> {
  return (await allPages<TicketType>(client, '/admin/ticket-types')).sort((a, b) => a.position - b.position);
}
