// SECURITY.md row 23: Idempotency-Key makes a retried ticket creation safe.
import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';

const t = useTestContext(async (t) => {
  const typeId = await t.world.ticketType('incident', 'Incident');
  const org = await t.world.organization('Acme');
  const portal = await t.world.portal('acme', [typeId]);
  const beta = await t.world.portal('beta', [typeId]);
  const carol = await t.world.user({ organizationId: org });
  const colin = await t.world.user({ organizationId: org });
  const carolToken = await t.signIn(carol, portal.id);
  const carolOnBeta = await t.signIn(carol, beta.id);
  const colinToken = await t.signIn(colin, portal.id);
  return { typeId, carol, carolToken, carolOnBeta, colinToken };
});

const create = (key: string, body: Record<string, unknown>, token = t.carolToken, slug = 'acme') =>
  t.request('POST', `/api/v1/portals/${slug}/tickets`, { token, body, headers: { 'idempotency-key': key } });

const ticketsTitled = async (title: string) =>
  t.k.selectFrom('tickets').select('id').where('title', '=', title).execute();

describe('SECURITY row 23: two concurrent POSTs with one Idempotency-Key → one ticket, same answer; the key with another body → 422', () => {
  it('concurrent duplicates make one ticket and get identical answers', async () => {
    // Several keys at once, two requests each, all in flight together.
    const keys = Array.from({ length: 6 }, (_, i) => `race-${i}-${Date.now()}`);
    const results = await Promise.all(
      keys.flatMap((key) =>
        [0, 1].map(() => create(key, { typeId: t.typeId, title: `Race ${key}`, description: 'same body' })),
      ),
    );
    for (const [i, key] of keys.entries()) {
      const [a, b] = [results[i * 2]!, results[i * 2 + 1]!];
      expect(a.status, key).toBe(201);
      expect(b.status, key).toBe(201);
      expect(b.json).toEqual(a.json);
      expect(await ticketsTitled(`Race ${key}`)).toEqual([{ id: a.json.id }]);
    }
  });

  it('a later retry replays the first answer, even after the ticket changed', async () => {
    const body = { typeId: t.typeId, title: 'Retried', priority: 'high' };
    const first = await create('retry-1', body);
    expect(first.status).toBe(201);
    await t.request('POST', `/api/v1/portals/acme/tickets/${first.json.id}/messages`, {
      token: t.carolToken,
      body: { body: 'later' },
    });
    const again = await create('retry-1', body);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(await ticketsTitled('Retried')).toHaveLength(1);
  });

  it('the same body with its keys in another order is the same request', async () => {
    const first = await create('order-1', { typeId: t.typeId, title: 'Ordered', description: 'd' });
    const second = await create('order-1', { description: 'd', title: 'Ordered', typeId: t.typeId });
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
  });

  it('the key with a different body → 422 naming the key, no second ticket', async () => {
    const first = await create('reuse-1', { typeId: t.typeId, title: 'Original' });
    expect(first.status).toBe(201);
    for (const body of [
      { typeId: t.typeId, title: 'Changed' },
      { typeId: t.typeId, title: 'Original', private: true },
      { typeId: t.typeId, title: 'Original', description: ' ' },
    ]) {
      const res = await create('reuse-1', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.field).toBe('Idempotency-Key');
    }
    expect(await ticketsTitled('Changed')).toEqual([]);
    expect(await ticketsTitled('Original')).toHaveLength(1);
  });

  it('concurrent requests with one key but different bodies → one 201, the other 422', async () => {
    const [a, b] = await Promise.all([
      create('split-1', { typeId: t.typeId, title: 'Split A' }),
      create('split-1', { typeId: t.typeId, title: 'Split B' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 422]);
    const made = [...(await ticketsTitled('Split A')), ...(await ticketsTitled('Split B'))];
    expect(made).toHaveLength(1);
  });

  it('the key through another portal → 422, never the first portal’s answer', async () => {
    const body = { typeId: t.typeId, title: 'Portal bound' };
    expect((await create('portal-1', body)).status).toBe(201);
    const res = await create('portal-1', body, t.carolOnBeta, 'beta');
    expect(res.status).toBe(422);
    expect(await ticketsTitled('Portal bound')).toHaveLength(1);
  });

  it('keys belong to one user: a colleague with the same key gets a ticket of their own', async () => {
    const body = { typeId: t.typeId, title: 'Shared key' };
    const mine = await create('shared-1', body);
    const theirs = await create('shared-1', body, t.colinToken);
    expect(theirs.status).toBe(201);
    expect(theirs.json.id).not.toBe(mine.json.id);
    expect(theirs.json.requester.id).not.toBe(t.carol);
  });

  it('a malformed key → 400 naming it', async () => {
    for (const key of ['', 'a b', 'x'.repeat(201), 'cl\u00e9']) {
      const res = await t.request('POST', '/api/v1/portals/acme/tickets', {
        token: t.carolToken,
        body: { typeId: t.typeId, title: 'Bad key' },
        headers: { 'idempotency-key': key },
      });
      expect(res.status, JSON.stringify(key)).toBe(400);
      expect(res.json.error.field.toLowerCase()).toBe('idempotency-key');
    }
    expect(await ticketsTitled('Bad key')).toEqual([]);
  });
});
