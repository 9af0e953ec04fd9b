import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { testDialect } from '../testing/test-db.js';
import { backupSqlite } from './backup.js';

let t: TestContext;
let dir: string;

beforeAll(async () => {
  t = await createTestContext();
  dir = mkdtempSync(join(tmpdir(), 'tp-backup-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(testDialect !== 'sqlite')('SECURITY row 26: backup under write load (SQLite file only)', () => {
  it('restores a consistent copy that passes integrity_check while tickets keep being created', async () => {
    const typeId = await t.world.ticketType('incident');
    const portal = await t.world.portal('acme', [typeId]);
    const alice = await t.world.user();
    const token = await t.signIn(alice, portal.id);
    // Enough rows that the copy takes a while, with creates going on around it.
    for (let i = 0; i < 300; i++) await t.world.ticket({ typeId, requesterId: alice, description: 'x'.repeat(2000) });

    let writing = true;
    let created = 0;
    const writer = (async () => {
      while (writing) {
        const res = await t.request('POST', '/api/v1/portals/acme/tickets', {
          token,
          body: { typeId, title: `during backup ${created}` },
        });
        expect(res.status).toBe(201);
        created++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const file = join(dir, 'backup.db');
    const { totalPages } = await backupSqlite(t.db, file);
    writing = false;
    await writer;

    expect(totalPages).toBeGreaterThan(64);
    expect(created).toBeGreaterThan(0);
    const copy = new SQLite(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('foreign_key_check')).toEqual([]);
      const tickets = copy.prepare('select count(*) as n from tickets').get() as { n: number };
      expect(tickets.n).toBeGreaterThanOrEqual(300);
      // Every ticket in the copy is whole: its follower row and its `created` event came with it.
      const orphans = copy
        .prepare(
          `select count(*) as n from tickets t where not exists (select 1 from ticket_events e where e.ticket_id = t.id and e.type = 'created')`,
        )
        .get() as { n: number };
      expect(orphans.n).toBe(0);
    } finally {
      copy.close();
    }
  });
});
