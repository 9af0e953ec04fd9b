import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';

let t: TestContext;
let admin: string;

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.signIn(await t.world.user({ role: 'admin' }));
  await t.world.project('One');
});
afterAll(() => t.close());

const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('admin list cursors', () => {
  it('refuse forged values the database would choke on, naming the cursor', async () => {
    const forged = [
      forge([2.96e-322, 'x']),
      forge([2 ** 40, 'x']),
      forge(['a', '\u0000']),
      forge(['\u0000', 'a']),
      forge(['x'.repeat(500), 'a']),
      'not-base64-json',
    ];
    for (const path of ['/api/v1/admin/custom-fields', '/api/v1/admin/projects', '/api/v1/admin/ticket-types']) {
      for (const cursor of forged) {
        const res = await t.request('GET', `${path}?cursor=${cursor}`, { token: admin });
        expect(res.status, `${path} ${cursor}`).toBeLessThan(500);
        if (res.status === 400) expect(res.json.error.field).toBe('cursor');
      }
    }
  });

  it('still page with the cursors they hand out', async () => {
    for (let i = 0; i < 3; i++) await t.world.project(`P${i}`);
    const first = await t.request('GET', '/api/v1/admin/projects?limit=2', { token: admin });
    expect(first.status).toBe(200);
    const next = await t.request('GET', `/api/v1/admin/projects?limit=2&cursor=${first.json.nextCursor}`, {
      token: admin,
    });
    expect(next.status).toBe(200);
    expect(next.json.items.length).toBeGreaterThan(0);
  });

  it('refuse a forged portal-list cursor, naming the cursor (one codec for every list: http/cursor.ts)', async () => {
    const res = await t.request('GET', `/api/v1/admin/portals?cursor=${Buffer.from('\u0000').toString('base64url')}`, {
      token: admin,
    });
    expect(res.status).toBe(400);
    expect(res.json.error.field).toBe('cursor');
  });
});
