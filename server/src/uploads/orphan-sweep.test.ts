import { randomUUID } from 'node:crypto';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { sweepOrphanUploads } from './orphan-sweep.js';

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({ maxUploadBytes: 1024 });
});
afterAll(() => t.close());

const HOUR = 3600_000;

function age(path: string, ms: number): void {
  const when = new Date(Date.now() - ms);
  utimesSync(path, when, when);
}

describe('sweepOrphanUploads', () => {
  it('removes old unreferenced files and partial writes, and nothing else', async () => {
    const typeId = await t.world.ticketType('incident');
    const portal = await t.world.portal('acme', [typeId]);
    const user = await t.world.user();
    const ticket = await t.world.ticket({ typeId, requesterId: user });
    const token = await t.signIn(user, portal.id);
    const form = new FormData();
    form.append('file', new File(['kept'], 'kept.txt', { type: 'text/plain' }));
    const up = await t.request('POST', `/api/v1/portals/acme/tickets/${ticket.id}/attachments`, { token, body: form });
    expect(up.status).toBe(201);
    const kept = await t.k
      .selectFrom('attachments')
      .select('storage_key')
      .where('id', '=', up.json.id)
      .executeTakeFirstOrThrow();

    // What a crash between writing the bytes and committing the row leaves behind.
    const oldOrphan = (await t.deps.storage.put(new TextEncoder().encode('orphan'))).key;
    const newOrphan = (await t.deps.storage.put(new TextEncoder().encode('in flight'))).key;
    const oldPart = join(t.uploadDir, 'tmp', `${randomUUID()}.part`);
    const newPart = join(t.uploadDir, 'tmp', `${randomUUID()}.part`);
    writeFileSync(oldPart, 'half');
    writeFileSync(newPart, 'half');
    const stranger = join(t.uploadDir, 'README');
    writeFileSync(stranger, 'not ours');
    for (const path of [join(t.uploadDir, kept.storage_key), join(t.uploadDir, oldOrphan), oldPart, stranger])
      age(path, 2 * HOUR);

    const result = await sweepOrphanUploads(t.k, t.deps.storage, new Date(Date.now() - HOUR));
    expect(result).toEqual({ orphans: 1, partials: 1 });
    expect(existsSync(join(t.uploadDir, oldOrphan))).toBe(false);
    expect(existsSync(oldPart)).toBe(false);
    expect(existsSync(join(t.uploadDir, kept.storage_key))).toBe(true);
    expect(existsSync(join(t.uploadDir, newOrphan))).toBe(true);
    expect(existsSync(newPart)).toBe(true);
    expect(existsSync(stranger)).toBe(true);

    const down = await t.app.request(`/api/v1/attachments/${up.json.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await down.text()).toBe('kept');
  });
});
