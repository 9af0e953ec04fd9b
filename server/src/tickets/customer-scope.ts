import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { Ticket } from '../db/schema.js';
import { forbidden, notFound } from '../http/errors.js';
import { findVisibleTicket } from './visible-tickets.repository.js';
import { canManage } from '../visibility/manage.js';

/** The ticket named in the path, if the visibility rule lets this viewer see it; 404 otherwise. */
export async function visibleTicketOr404(c: Context<AppEnv>, id: string): Promise<Ticket> {
  const ticket = await findVisibleTicket(c.var.deps.db.kysely, c.var.viewer, c.var.portal, id);
  if (!ticket) throw notFound();
  return ticket;
}

/** Refuses any change from a read-only (preview) session. */
export function assertWritable(c: Context<AppEnv>): void {
  if (c.var.viewer.readOnly) throw forbidden('A preview cannot change anything.');
}

/** The visible ticket, when this viewer may also manage it (requester, follower or staff). */
export async function managedTicketOr404(c: Context<AppEnv>, id: string): Promise<Ticket> {
  assertWritable(c);
  const ticket = await visibleTicketOr404(c, id);
  if (!(await canManage(c.var.deps.db.kysely, c.var.viewer, ticket))) {
    throw forbidden('Only the requester and followers can do this.');
  }
  return ticket;
}
