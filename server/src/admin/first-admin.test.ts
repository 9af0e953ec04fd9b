import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';
import { ensureFirstAdmin } from './first-admin.js';

const t = useTestContext();

describe('ADMIN_EMAIL', () => {
  it('creates the first admin once, and never a second', async () => {
    const now = t.clock.now().toISOString();
    expect(await ensureFirstAdmin(t.k, ' Boss@Example.com ', now)).toBe(true);
    const admin = await t.k
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'boss@example.com')
      .executeTakeFirstOrThrow();
    expect(admin.role).toBe('admin');
    expect(await ensureFirstAdmin(t.k, 'other@example.com', now)).toBe(false);
    const admins = await t.k.selectFrom('users').select('email').where('role', '=', 'admin').execute();
    expect(admins).toEqual([{ email: 'boss@example.com' }]);
  });
});
