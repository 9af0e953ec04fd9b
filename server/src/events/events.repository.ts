import type { Clock, Viewer } from '../app-env.js';
import type { Executor } from '../db/executor.js';

/** Where a page of events starts: after this time, or at it after this id. */
export interface EventsCursor {
  at: string;
  id: string;
}

/** Ticket events after `from`, oldest first (by time, then id), at most `limit`. */
export async function eventsAfter(db: Executor, from: EventsCursor, limit: number) {
  return db
    .selectFrom('ticket_events')
    .select(['id', 'ticket_id', 'type', 'internal', 'created_at'])
    .where((eb) =>
      eb.or([eb('created_at', '>', from.at), eb.and([eb('created_at', '=', from.at), eb('id', '>', from.id)])]),
    )
    .orderBy('created_at')
    .orderBy('id')
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
