import SQLite from 'better-sqlite3';
import type { Db } from './connect.js';

/** SQLite's cap on the pages one backup step copies: the whole database in one step. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies a live SQLite database to `destination` with SQLite's online backup
 * API, through a read-only connection of its own, in one step: one read
 * transaction, so the copy is one consistent snapshot (WAL lets the server
 * keep writing meanwhile). In small steps, each write committed by another
 * connection between two steps restarted the copy from the start, so under a
 * steady stream of writes it might never finish. The step blocks this
 * process for the copy's length: `npm run backup` runs it in a process of its own.
 * PostgreSQL deployments back up with the server's own tools (pg_dump).
 */
export async function backupSqlite(db: Db, destination: string): Promise<{ totalPages: number }> {
  if (!db.sqlite) throw new Error('backupSqlite needs a SQLite database; use pg_dump for PostgreSQL.');
  const source = new SQLite(db.sqlite.name, { readonly: true });
  try {
    const { totalPages } = await source.backup(destination, { progress: () => ALL_PAGES });
    return { totalPages };
  } finally {
    source.close();
  }
}
