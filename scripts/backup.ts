// `npm run backup -- <file>`: a consistent copy of the SQLite database named by
// DATABASE_URL (default ./data/tickets.db), safe to take while the server runs.
import { connectDb, isPostgresUrl } from '../server/src/db/connect.js';
import { backupSqlite } from '../server/src/db/backup.js';
import { parseEnv } from '../server/src/env.js';

const destination = process.argv[2];
if (!destination) {
  console.error('usage: npm run backup -- <destination file>');
  process.exit(2);
}
const env = parseEnv();
if (isPostgresUrl(env.DATABASE_URL)) {
  console.error('DATABASE_URL is PostgreSQL: back it up with pg_dump.');
  process.exit(2);
}
const db = await connectDb(env.DATABASE_URL);
const { totalPages } = await backupSqlite(db, destination);
await db.close();
console.log(`Backed up ${env.DATABASE_URL} to ${destination} (${totalPages} pages).`);
