import type { Db } from './connect.js';

/**
 * Copies a live SQLite database to `destination` with SQLite's online backup
 * API, a few pages at a time so requests keep being served; writes made during
 * the copy restart it, so the result is always one consistent snapshot.
 * PostgreSQL deployments back up with the server's own tools (pg_dump).
 */
export async function backupSqlite(db: Db, destination: string): Promise<{ totalPages: number }> {
  if (!db.sqlite) throw new Error('backupSqlite needs a SQLite database; use pg_dump for PostgreSQL.');
  const { totalPages } = await db.sqlite.backup(destination, { progress: () => 64 });
  return { totalPages };
}
