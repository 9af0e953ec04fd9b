import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../app-env.js';
import { migrationProvider } from '../db/migrations/index.js';

/**
 * GET /healthz: the process is up and its event loop answers (a liveness probe).
 * GET /readyz: the database answers and every migration this build knows has
 * run there, so this instance may take traffic (a readiness probe). Both answer
 * `no-store` JSON; /readyz says what is missing with a 503.
 */
export function healthApp() {
  return new Hono<AppEnv>()
    .get('/healthz', (c) => {
      c.header('cache-control', 'no-store');
      return c.json({ status: 'ok' });
    })
    .get('/readyz', async (c) => {
      c.header('cache-control', 'no-store');
      const db = c.var.deps.db.kysely;
      let applied: Set<string>;
      try {
        // Kysely's bookkeeping table, found on the connection's search path (a test's own schema).
        const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
        applied = new Set(rows.rows.map((r) => r.name));
      } catch {
        return c.json({ status: 'unavailable', reason: 'database unreachable or not migrated' }, 503);
      }
      const known = Object.keys(await migrationProvider.getMigrations());
      const missing = known.filter((name) => !applied.has(name));
      if (missing.length > 0) return c.json({ status: 'unavailable', reason: 'migrations not applied', missing }, 503);
      return c.json({ status: 'ready', migrations: known.length });
    });
}
