import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';
import { pruneExpiredSignIns } from './prune.js';
import { revokeSessions } from './sessions.js';

const t = useTestContext();

describe('pruning ended sign-ins', () => {
  it('deletes sessions expired or revoked over a day ago, and keeps live ones working', async () => {
    const type = await t.world.ticketType('incident');
    const portal = await t.world.portal('acme', [type]);
    const alice = await t.world.user();
    const live = await t.signIn(alice, portal.id);
    const revoked = await t.signIn(alice, portal.id);
    const revokedId = (
      await t.k.selectFrom('sessions').select('id').orderBy('created_at', 'desc').executeTakeFirstOrThrow()
    ).id;
    await revokeSessions(t.k, t.clock, { sessionId: revokedId });
    await t.k
      .insertInto('rate_limits')
      .values({ key: 'old', window_start: '2000-01-01T00:00:00.000Z', count: 3 })
      .execute();

    // Nothing is old enough yet.
    await pruneExpiredSignIns(t.k, t.clock.now());
    expect(await t.k.selectFrom('sessions').select('id').execute()).toHaveLength(2);

    t.clock.advance(2 * 24 * 60 * 60 * 1000);
    const fresh = await t.signIn(alice, portal.id);
    await pruneExpiredSignIns(t.k, t.clock.now());
    const left = await t.k.selectFrom('sessions').select('id').execute();
    expect(left).toHaveLength(1);
    expect((await t.request('GET', '/api/v1/portals/acme/tickets', { token: fresh })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/portals/acme/tickets', { token: live })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/portals/acme/tickets', { token: revoked })).status).toBe(401);
    expect(await t.k.selectFrom('rate_limits').select('key').where('key', '=', 'old').execute()).toEqual([]);
  });
});
