import type { Viewer } from '../app-env.js';
import type { Executor } from '../db/executor.js';
import type { Ticket } from '../db/schema.js';

/**
 * THE rule of who may manage a ticket they can see (close, reopen, share, log
 * time): its requester and its followers; staff always. Read-only sessions
 * manage nothing, whatever this says (`assertWritable`).
 */
export async function canManage(
  db: Executor,
  viewer: Pick<Viewer, 'role' | 'userId'>,
  ticket: Pick<Ticket, 'id' | 'requester_id'>,
): Promise<boolean> {
  if (viewer.role !== 'customer') return true;
  if (ticket.requester_id === viewer.userId) return true;
  const row = await db
    .selectFrom('ticket_followers')
    .select('user_id')
    .where('ticket_id', '=', ticket.id)
    .where('user_id', '=', viewer.userId)
    .executeTakeFirst();
  return row !== undefined;
}
