// One app instance as a separate process, for ops/instances.test.ts (several instances on one
// database): the real startServer on DATABASE_URL (in TEST_DB_SCHEMA when set, a test's own
// PostgreSQL schema), no widget build, no demo. Prints "READY <port>" once listening; on SIGTERM
// it stops gracefully and exits 0.
import { connectDb } from '../db/connect.js';
import { parseEnv } from '../env.js';
import { startServer } from '../main.js';

const env = parseEnv({ ...process.env, DEMO: '0' });
const schema = process.env.TEST_DB_SCHEMA;
const db = schema ? await connectDb(env.DATABASE_URL, { schema }) : undefined;
const server = await startServer(env, db ? { db } : {});
console.log(`READY ${new URL(server.url).port}`);

process.on('SIGTERM', () => {
  server.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
