import type { Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import { recordEvent } from './tickets.repository.js';
import type { TimeEntryDto } from './tickets.schemas.js';

/** Time logged on a ticket, by date then entry. */
export async function listTimeEntries(db: Executor, ticketId: string): Promise<TimeEntryDto[]> {
  const rows = await db
    .selectFrom('time_entries as te')
    .innerJoin('users as u', 'u.id', 'te.user_id')
    .select(['te.id', 'te.minutes', 'te.date', 'te.note', 'te.created_at', 'u.id as user_id', 'u.name as user_name'])
    .where('te.ticket_id', '=', ticketId)
    .orderBy('te.date')
    .orderBy('te.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    minutes: Number(r.minutes),
    date: r.date,
    note: r.note,
    user: { id: r.user_id, name: r.user_name },
    createdAt: r.created_at,
  }));
}

/** Logs time on a ticket with its `time_logged` event. Call inside a transaction. */
export async function insertTimeEntry(
  trx: Executor,
  input: { ticketId: string; userId: string; minutes: number; date: string; note: string; now: string },
): Promise<TimeEntryDto> {
  const id = newId();
  await trx
    .insertInto('time_entries')
    .values({
      id,
      ticket_id: input.ticketId,
      user_id: input.userId,
      minutes: input.minutes,
      date: input.date,
      note: input.note,
      created_at: input.now,
    })
    .execute();
  await recordEvent(trx, {
    ticketId: input.ticketId,
    actorId: input.userId,
    type: 'time_logged',
    data: { minutes: input.minutes },
    now: input.now,
  });
  const user = await trx
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', '=', input.userId)
    .executeTakeFirstOrThrow();
  return { id, minutes: input.minutes, date: input.date, note: input.note, user, createdAt: input.now };
}
