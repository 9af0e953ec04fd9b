// What a ticket's status means to the customer, in one place.
import type { Status } from '../api/types.js';

/**
 * Whether a ticket counts as closed: `resolved` or `closed`, as the server's
 * CLOSED_STATUSES (server/src/tickets/ticket-fields.ts). A closed ticket offers
 * "Reopen" rather than "Close".
 */
export function isClosed(status: Status): boolean {
  return status === 'closed' || status === 'resolved';
}
