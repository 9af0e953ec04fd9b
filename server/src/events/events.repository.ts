import type { Clock, Viewer } from '../app-env.js';
import type { Executor } from '../db/executor.js';

/** Ticket events recorded after `from` (an ISO time), oldest first, at most `limit`. */
export async function eventsAfter(db: Executor, from: string, limit: number) {
  return db
    .selectFrom('ticket_events')
    .select(['id', 'ticket_id', 'type', 'internal', 'created_at'])
    .where('created_at', '>', from)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/** The viewer as of now, or null once its session is revoked or expired. */
export async function currentViewer(db: Executor, clock: Clock, viewer: Viewer): Promise<Viewer | null> {
  const [session, user] = await Promise.all([
    db
      .selectFrom('sessions')
      .select(['revoked_at', 'expires_at'])
      .where('id', '=', viewer.sessionId)
      .executeTakeFirst(),
    db.selectFrom('users').select(['role', 'organization_id']).where('id', '=', viewer.userId).executeTakeFirst(),
  ]);
  if (!session || !user || session.revoked_at !== null || session.expires_at <= clock.now().toISOString()) return null;
  return { ...viewer, role: user.role, organizationId: user.organization_id };
}
