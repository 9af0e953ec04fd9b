import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once released. PostgreSQL only (SQLite has no NOTIFY; one process is told in-process,
// see events/commit-signal.ts): it does nothing on SQLite.

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // Each statement that writes ticket events notifies every instance's LISTEN connection when its
  // transaction commits (PostgreSQL delivers at commit, and folds repeats within one transaction
  // into one). The payload names the writer's schema, so databases shared by schema stay apart.
  await sql`
    create function tp_notify_ticket_events() returns trigger language plpgsql as $$
    begin
      perform pg_notify('tp_ticket_events', current_schema());
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger ticket_events_notify after insert on ticket_events
    for each statement execute function tp_notify_ticket_events()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop trigger if exists ticket_events_notify on ticket_events`.execute(db);
  await sql`drop function if exists tp_notify_ticket_events()`.execute(db);
}
