import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';

const t = useTestContext(async (t) => {
  const incident = await t.world.ticketType('incident', 'Incident');
  await t.world.portal('acme', [incident]);
  const adminId = await t.world.user({ role: 'admin', email: 'ada@support.test', name: 'Ada Admin' });
  const admin = await t.signIn(adminId);
  const otherAdminId = await t.world.user({ role: 'admin', email: 'bob@support.test', name: 'Bob Admin' });
  const otherAdmin = await t.signIn(otherAdminId);
  const agent = await t.signIn(await t.world.user({ role: 'agent' }));
  return { admin, adminId, otherAdmin, otherAdminId, agent, incident };
});

interface AuditEvent {
  id: string;
  at: string;
  actor: { id: string | null; name: string; email: string };
  action: string;
  target: { type: string; id: string; label: string };
  changes: Record<string, { before: unknown; after: unknown }>;
}

const call = (method: string, path: string, body?: unknown, token = t.admin) =>
  t.request(method, `/api/v1/admin${path}`, { token, body });

/** The newest event of the log (there must be one more than `before`). */
async function newest(countBefore: number): Promise<AuditEvent> {
  const rows = await t.k.selectFrom('audit_events').select('id').execute();
  expect(rows.length, 'exactly one event recorded').toBe(countBefore + 1);
  const res = await call('GET', '/audit?limit=1');
  expect(res.status).toBe(200);
  return res.json.items[0] as AuditEvent;
}

const count = async () => (await t.k.selectFrom('audit_events').select('id').execute()).length;

/** Runs `change` and returns the one event it recorded. */
async function recorded(change: () => Promise<{ status: number }>, status: number): Promise<AuditEvent> {
  const before = await count();
  const res = await change();
  expect(res.status).toBe(status);
  return newest(before);
}

describe('the audit log records every settings change', () => {
  it('portals: create, update (changed keys only), logo, delete', async () => {
    const created = await recorded(() => call('POST', '/portals', { slug: 'audited' }), 201);
    expect(created).toMatchObject({
      action: 'portal.create',
      actor: { id: t.adminId, name: 'Ada Admin', email: 'ada@support.test' },
      target: { type: 'portal', label: 'audited' },
    });
    expect(created.changes.slug).toEqual({ before: null, after: 'audited' });

    const updated = await recorded(
      () => call('PATCH', '/portals/audited', { name: 'Audited', branding: { light: { mainColor: '#112233' } } }),
      200,
    );
    expect(updated.action).toBe('portal.update');
    expect(updated.changes).toEqual({
      name: { before: 'audited', after: 'Audited' },
      'branding.light.mainColor': { before: '#2563eb', after: '#112233' },
    });

    // A PATCH that changes nothing records nothing.
    const before = await count();
    expect((await call('PATCH', '/portals/audited', { name: 'Audited' })).status).toBe(200);
    expect(await count()).toBe(before);

    const body = new FormData();
    body.append('file', new File([new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')], 'l.svg'));
    const logo = await recorded(
      () => t.request('POST', '/api/v1/admin/portals/audited/logos/dark', { token: t.admin, body }),
      200,
    );
    expect(logo.action).toBe('portal.logo.upload');
    expect(Object.keys(logo.changes)).toEqual(['branding.dark.logoUrl']);
    expect(logo.changes['branding.dark.logoUrl']!.before).toBeNull();

    const deleted = await recorded(() => call('DELETE', '/portals/audited'), 204);
    expect(deleted.action).toBe('portal.delete');
    expect(deleted.changes.slug).toEqual({ before: 'audited', after: null });
  });

  it('identity keys: the kid is logged, never the secret', async () => {
    const before = await count();
    const res = await call('POST', '/portals/acme/identity-keys', { alg: 'HS256', kid: 'k1' });
    expect(res.status).toBe(201);
    const secret = res.json.secret as string;
    expect(secret.length).toBeGreaterThan(20);
    const event = await newest(before);
    expect(event.action).toBe('portal.identity_key.add');
    expect(event.changes.kid).toEqual({ before: null, after: 'k1' });
    expect(event.changes.alg).toEqual({ before: null, after: 'HS256' });

    const site = await recorded(() => call('POST', '/host-sites', { name: 'Shop' }), 201);
    expect(site).toMatchObject({ action: 'host_site.create', target: { type: 'host_site', label: 'Shop' } });
    const siteId = site.target.id;
    const siteKey = await call('POST', `/host-sites/${siteId}/identity-keys`, { alg: 'HS256' });
    expect(siteKey.status).toBe(201);
    const removed = await recorded(() => call('DELETE', '/portals/acme/identity-keys/k1'), 204);
    expect(removed.action).toBe('portal.identity_key.remove');

    // No secret anywhere in the stored log, whichever route made the key.
    const stored = JSON.stringify(await t.k.selectFrom('audit_events').selectAll().execute());
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(siteKey.json.secret as string);
    expect(stored).not.toMatch(/"secret"/);
  });

  it('users: create, change role, update, delete', async () => {
    const created = await recorded(
      () => call('POST', '/users', { email: 'carol@example.test', name: 'Carol', role: 'customer' }),
      201,
    );
    expect(created).toMatchObject({ action: 'user.create', target: { type: 'user', label: 'carol@example.test' } });
    const id = created.target.id;
    const role = await recorded(() => call('PATCH', `/users/${id}`, { role: 'agent' }), 200);
    expect(role.action).toBe('user.role_change');
    expect(role.changes).toEqual({ role: { before: 'customer', after: 'agent' } });
    const renamed = await recorded(() => call('PATCH', `/users/${id}`, { name: 'Caroline' }), 200);
    expect(renamed.changes).toEqual({ name: { before: 'Carol', after: 'Caroline' } });
    const deleted = await recorded(() => call('DELETE', `/users/${id}`), 204);
    expect(deleted).toMatchObject({ action: 'user.delete', target: { id, label: 'carol@example.test' } });
  });

  it('organizations, projects and followers', async () => {
    const org = await recorded(() => call('POST', '/organizations', { name: 'Acme', domain: 'acme.test' }), 201);
    expect(org.changes).toEqual({
      name: { before: null, after: 'Acme' },
      domain: { before: null, after: 'acme.test' },
    });
    const orgId = org.target.id;
    const orgPatch = await recorded(() => call('PATCH', `/organizations/${orgId}`, { domain: null }), 200);
    expect(orgPatch.changes).toEqual({ domain: { before: 'acme.test', after: null } });

    const project = await recorded(() => call('POST', '/projects', { name: 'Launch' }), 201);
    const projectId = project.target.id;
    const follow = await recorded(
      () => call('POST', `/projects/${projectId}/followers`, { organizationId: orgId }),
      200,
    );
    expect(follow).toMatchObject({ action: 'project.follower.add', target: { label: 'Launch' } });
    expect(follow.changes).toEqual({ organizationId: { before: null, after: orgId } });
    const unfollow = await recorded(
      () => call('DELETE', `/projects/${projectId}/followers`, { organizationId: orgId }),
      200,
    );
    expect(unfollow.action).toBe('project.follower.remove');
    const renamed = await recorded(() => call('PATCH', `/projects/${projectId}`, { name: 'Launch 2' }), 200);
    expect(renamed.changes).toEqual({ name: { before: 'Launch', after: 'Launch 2' } });
    expect((await recorded(() => call('DELETE', `/projects/${projectId}`), 204)).action).toBe('project.delete');
    expect((await recorded(() => call('DELETE', `/organizations/${orgId}`), 204)).action).toBe('organization.delete');
  });

  it('ticket types and custom fields', async () => {
    const type = await recorded(() => call('POST', '/ticket-types', { key: 'bug', name: 'Bug' }), 201);
    expect(type).toMatchObject({ action: 'ticket_type.create', target: { type: 'ticket_type', label: 'Bug' } });
    const typePatch = await recorded(() => call('PATCH', `/ticket-types/${type.target.id}`, { name: 'Defect' }), 200);
    expect(typePatch.changes).toEqual({ name: { before: 'Bug', after: 'Defect' } });
    const field = await recorded(
      () => call('POST', '/custom-fields', { key: 'sla', label: 'SLA', type: 'select', options: ['gold', 'silver'] }),
      201,
    );
    expect(field.changes.options).toEqual({ before: null, after: ['gold', 'silver'] });
    const fieldPatch = await recorded(
      () => call('PATCH', `/custom-fields/${field.target.id}`, { options: ['gold', 'bronze'] }),
      200,
    );
    expect(fieldPatch.changes).toEqual({ options: { before: ['gold', 'silver'], after: ['gold', 'bronze'] } });
    expect((await recorded(() => call('DELETE', `/custom-fields/${field.target.id}`), 204)).action).toBe(
      'custom_field.delete',
    );
    expect((await recorded(() => call('DELETE', `/ticket-types/${type.target.id}`), 204)).action).toBe(
      'ticket_type.delete',
    );
  });

  it('a refused change records nothing', async () => {
    const before = await count();
    expect((await call('PATCH', '/portals/acme', { branding: { light: { mainColor: 'red' } } })).status).toBe(400);
    expect((await call('POST', '/organizations', { name: 'X' }, t.agent)).status).toBe(403);
    expect(await count()).toBe(before);
  });
});

describe('reading the audit log', () => {
  it('pages newest first with a cursor, and filters by target type and by actor', async () => {
    // Bob makes two changes of his own.
    await call('POST', '/projects', { name: 'Bob 1' }, t.otherAdmin);
    await call('POST', '/organizations', { name: 'Bob 2' }, t.otherAdmin);
    const all: AuditEvent[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; json: { items: AuditEvent[]; nextCursor: string | null } } = await call(
        'GET',
        `/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.json.items.length).toBeLessThanOrEqual(3);
      all.push(...res.json.items);
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(all.length).toBe(await count());
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    const times = all.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(all[0]).toMatchObject({ action: 'organization.create', actor: { name: 'Bob Admin' } });

    const byBob = await call('GET', `/audit?actorId=${t.otherAdminId}`);
    expect(byBob.json.items.map((e: AuditEvent) => e.target.label)).toEqual(['Bob 2', 'Bob 1']);
    const projects = await call('GET', '/audit?targetType=project');
    expect(projects.json.items.length).toBeGreaterThan(2);
    expect(projects.json.items.every((e: AuditEvent) => e.target.type === 'project')).toBe(true);
  });

  it('refuses agents (403) and bad filters or cursors (400 naming them)', async () => {
    const agent = await call('GET', '/audit', undefined, t.agent);
    expect(agent.status).toBe(403);
    for (const [query, field] of [
      ['targetType=ticket', 'targetType'],
      ['cursor=garbage', 'cursor'],
      ['limit=101', 'limit'],
      ['extra=1', 'extra'],
    ]) {
      const res = await call('GET', `/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
  });
});
