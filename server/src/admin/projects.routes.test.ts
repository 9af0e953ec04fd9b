import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';

const t = useTestContext(async (t) => {
  // Projects are settings: admins change them (agents read them; admin-auth.test.ts).
  const admin = await t.signIn(await t.world.user({ role: 'admin' }));
  return { admin };
});

const api = (method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1/admin/projects${path}`, { token: t.admin, body });

describe('admin projects', () => {
  it('creates, reads, lists, renames and deletes', async () => {
    const created = await api('POST', '', { name: 'Website' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'Website', followers: { users: [], organizations: [] } });
    await api('POST', '', { name: 'App' });
    const list = await api('GET', '');
    expect(list.json.items.map((p: { name: string }) => p.name)).toEqual(['App', 'Website']);
    const renamed = await api('PATCH', `/${created.json.id}`, { name: 'Web site' });
    expect(renamed.json.name).toBe('Web site');
    expect((await api('GET', `/${created.json.id}`)).json.name).toBe('Web site');
    expect((await api('POST', '', { name: '' })).json.error.field).toBe('name');
    expect((await api('PATCH', `/${created.json.id}`, { title: 'x' })).json.error.field).toBe('title');

    const typeId = await t.world.ticketType('incident');
    const ticket = await t.world.ticket({ typeId, requesterId: await t.world.user(), projectId: created.json.id });
    expect((await api('DELETE', `/${created.json.id}`)).status).toBe(204);
    expect((await api('GET', `/${created.json.id}`)).status).toBe(404);
    const row = await t.k
      .selectFrom('tickets')
      .select('project_id')
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(row.project_id).toBeNull();
  });

  it('adds and removes user and organization followers, which decides what customers see', async () => {
    const typeId = await t.world.ticketType('question');
    const portal = await t.world.portal('acme', [typeId], {
      rules: { ownOrFollowed: false, organization: false, followedProjects: true },
    });
    const project = (await api('POST', '', { name: 'Shared' })).json;
    const org = await t.world.organization('Acme');
    const carol = await t.world.user({ name: 'Carol', email: 'carol@example.test' });
    const dan = await t.world.user({ name: 'Dan', organizationId: org });
    const ticket = await t.world.ticket({ typeId, requesterId: await t.world.user(), projectId: project.id });
    const carolToken = await t.signIn(carol, portal.id);
    const danToken = await t.signIn(dan, portal.id);
    const sees = async (token: string) =>
      (await t.request('GET', '/api/v1/portals/acme/tickets', { token })).json.items.map((i: { id: string }) => i.id);
    expect(await sees(carolToken)).toEqual([]);
    expect(await sees(danToken)).toEqual([]);

    const byUser = await api('POST', `/${project.id}/followers`, { userId: carol });
    expect(byUser.status).toBe(200);
    expect(byUser.json.followers.users).toEqual([{ id: carol, name: 'Carol', email: 'carol@example.test' }]);
    const again = await api('POST', `/${project.id}/followers`, { userId: carol });
    expect(again.json.followers.users).toHaveLength(1);
    const byOrg = await api('POST', `/${project.id}/followers`, { organizationId: org });
    expect(byOrg.json.followers.organizations).toEqual([{ id: org, name: 'Acme' }]);
    expect(await sees(carolToken)).toEqual([ticket.id]);
    expect(await sees(danToken)).toEqual([ticket.id]);

    const removed = await api('DELETE', `/${project.id}/followers`, { organizationId: org });
    expect(removed.status).toBe(200);
    expect(removed.json.followers.organizations).toEqual([]);
    expect(await sees(danToken)).toEqual([]);
    expect(await sees(carolToken)).toEqual([ticket.id]);
    expect((await api('DELETE', `/${project.id}/followers`, { organizationId: org })).status).toBe(404);
  });

  it('names the field of a bad follower body', async () => {
    const project = (await api('POST', '', { name: 'Checks' })).json;
    const user = await t.world.user();
    const org = await t.world.organization();
    for (const [body, field] of [
      [{}, 'userId'],
      [{ userId: 'nope' }, 'userId'],
      [{ organizationId: 'nope' }, 'organizationId'],
      [{ userId: user, organizationId: org }, 'organizationId'],
      [{ email: 'x@example.test' }, 'email'],
    ] as [unknown, string][]) {
      const res = await api('POST', `/${project.id}/followers`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
    expect((await api('POST', '/nope/followers', { userId: user })).status).toBe(404);
    const rows = await t.k.selectFrom('project_followers').select('id').where('project_id', '=', project.id).execute();
    expect(rows).toEqual([]);
  });
});
