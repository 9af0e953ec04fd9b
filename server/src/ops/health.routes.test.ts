import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('health probes', () => {
  it('/healthz answers 200 while the process is up', async () => {
    const res = await t.request('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('/readyz answers 200 once the database answers and every migration has run', async () => {
    const res = await t.request<{ status: string; migrations: number }>('GET', '/readyz');
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('ready');
    expect(res.json.migrations).toBeGreaterThanOrEqual(10);
  });

  it('/readyz answers 503 naming a migration the database has not run', async () => {
    const [last] = (
      await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(t.k)
    ).rows;
    await sql`delete from kysely_migration where name = ${last!.name}`.execute(t.k);
    try {
      const res = await t.request<{ status: string; missing: string[] }>('GET', '/readyz');
      expect(res.status).toBe(503);
      expect(res.json).toMatchObject({ status: 'unavailable', missing: [last!.name] });
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${last!.name}, ${new Date().toISOString()})`.execute(
        t.k,
      );
    }
    expect((await t.request('GET', '/readyz')).status).toBe(200);
  });

  it('/readyz answers 503 when the database is gone, while /healthz still answers 200', async () => {
    const other = await createTestContext();
    const app = createApp(other.deps);
    await other.close();
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unavailable', reason: 'database unreachable or not migrated' });
    expect((await app.request('/healthz')).status).toBe(200);
  });
});
