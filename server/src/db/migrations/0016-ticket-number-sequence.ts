import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once released. PostgreSQL only: ticket numbers come from a sequence there (see
// `nextTicketNumber`); SQLite keeps the `ticket_number` counter row.

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create sequence ticket_numbers as bigint`.execute(db);
  // Goes on from the counter (or from the highest number, should the two disagree).
  await sql`
    select setval('ticket_numbers', greatest(
      (select coalesce(max(value), 0) from counters where name = 'ticket_number'),
      (select coalesce(max(number), 0) from tickets)
    ) + 1, false)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    update counters set value = (select case when is_called then last_value else last_value - 1 end from ticket_numbers)
    where name = 'ticket_number'`.execute(db);
  await sql`drop sequence if exists ticket_numbers`.execute(db);
}
