// The access tab's own call: the ticket types, to name them (never by id).
import type { z } from 'zod';
import type { TicketTypeSchema } from '../../../../../server/src/tickets/catalog.schemas.js';
import type { ApiClient } from '../../../api/client.js';
import type { Page } from '../../../api/types.js';

export type TicketType = z.infer<typeof TicketTypeSchema>;

/** Every ticket type, in the catalog's order (all pages). */
export async function ticketTypes(client: ApiClient): Promise<TicketType[]> {
  const all: TicketType[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<TicketType> = await client.send(
      'GET',
      `/admin/ticket-types${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all.sort((a, b) => a.position - b.position);
}
