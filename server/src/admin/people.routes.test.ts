import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';

const t = useTestContext(async (t) => {
  const adminId = await t.world.user({ role: 'admin', email: 'boss@support.test', name: 'Boss' });
  const admin = await t.signIn(adminId);
  const agent = await t.signIn(await t.world.user({ role: 'agent', email: 'agent@support.test', name: 'Agent' }));
  return { admin, adminId, agent };
});

describe('admin organizations', () => {
  let orgId: string;

  it('creates, reads, lists, renames and deletes', async () => {
    const created = await t.request('POST', '/api/v1/admin/organizations', {
      token: t.admin,
      body: { name: 'Acme', domain: 'ACME.example' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'Acme', domain: 'acme.example' });
    orgId = created.json.id;
    await t.request('POST', '/api/v1/admin/organizations', { token: t.admin, body: { name: 'Beta' } });

    const one = await t.request('GET', `/api/v1/admin/organizations/${orgId}`, { token: t.agent });
    expect(one.json).toEqual(created.json);
    const list = await t.request('GET', '/api/v1/admin/organizations', { token: t.agent });
    expect(list.json.items.map((o: { name: string }) => o.name)).toEqual(['Acme', 'Beta']);
    const found = await t.request('GET', '/api/v1/admin/organizations?q=bet', { token: t.agent });
    expect(found.json.items.map((o: { name: string }) => o.name)).toEqual(['Beta']);

    const renamed = await t.request('PATCH', `/api/v1/admin/organizations/${orgId}`, {
      token: t.admin,
      body: { name: 'Acme Inc', domain: null },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ name: 'Acme Inc', domain: null });
    const stored = await t.k.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ name: 'Acme Inc', domain: null });
  });

  it('refuses a domain another organization claims, and bad input by field', async () => {
    await t.request('PATCH', `/api/v1/admin/organizations/${orgId}`, {
      token: t.admin,
      body: { domain: 'acme.example' },
    });
    const dup = await t.request('POST', '/api/v1/admin/organizations', {
      token: t.admin,
      body: { name: 'Copycat', domain: 'acme.example' },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.error.field).toBe('domain');
    for (const [body, field] of [
      [{ name: '' }, 'name'],
      [{ name: 'Evil\r\nBcc: x@y' }, 'name'],
      [{ name: 'X', domain: 'not a domain' }, 'domain'],
      [{ name: 'X', extra: 1 }, 'extra'],
      [{}, 'name'],
    ] as [unknown, string][]) {
      const res = await t.request('POST', '/api/v1/admin/organizations', { token: t.admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
  });

  it('deletes an organization; its members stay, without organization', async () => {
    const org = await t.request('POST', '/api/v1/admin/organizations', {
      token: t.admin,
      body: { name: 'Short-lived' },
    });
    const member = await t.world.user({ organizationId: org.json.id });
    expect((await t.request('DELETE', `/api/v1/admin/organizations/${org.json.id}`, { token: t.admin })).status).toBe(
      204,
    );
    expect((await t.request('GET', `/api/v1/admin/organizations/${org.json.id}`, { token: t.agent })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/admin/organizations/${org.json.id}`, { token: t.admin })).status).toBe(
      404,
    );
    const row = await t.k
      .selectFrom('users')
      .select('organization_id')
      .where('id', '=', member)
      .executeTakeFirstOrThrow();
    expect(row.organization_id).toBeNull();
  });

  it('pages with a cursor', async () => {
    for (const name of ['P1', 'P2', 'P3'])
      await t.request('POST', '/api/v1/admin/organizations', { token: t.admin, body: { name } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { json: { items: { name: string }[]; nextCursor: string | null } } = await t.request(
        'GET',
        `/api/v1/admin/organizations?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: t.agent },
      );
      expect(res.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.json.items.map((o) => o.name));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Acme Inc', 'Beta', 'P1', 'P2', 'P3']);
    const bad = await t.request('GET', '/api/v1/admin/organizations?cursor=garbage', { token: t.agent });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('cursor');
    const tooMany = await t.request('GET', '/api/v1/admin/organizations?limit=101', { token: t.agent });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.field).toBe('limit');
  });
});

describe('people are for admins to manage (issue 10)', () => {
  it('lets agents read people and organizations, and refuses them every change (403)', async () => {
    const org = await t.world.organization('Readonly Inc');
    const customer = await t.world.user({ organizationId: org, email: 'reader@example.test', name: 'Read Only' });
    expect((await t.request('GET', '/api/v1/admin/users?q=reader', { token: t.agent })).json.items).toHaveLength(1);
    expect((await t.request('GET', `/api/v1/admin/users/${customer}`, { token: t.agent })).status).toBe(200);
    expect((await t.request('GET', `/api/v1/admin/organizations/${org}`, { token: t.agent })).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/api/v1/admin/users', { email: 'new@example.test', name: 'New' }],
      ['PATCH', `/api/v1/admin/users/${customer}`, { name: 'Renamed' }],
      ['PATCH', `/api/v1/admin/users/${customer}`, { organizationId: null }],
      ['DELETE', `/api/v1/admin/users/${customer}`, undefined],
      ['POST', '/api/v1/admin/organizations', { name: 'Other' }],
      ['PATCH', `/api/v1/admin/organizations/${org}`, { name: 'Renamed' }],
      ['DELETE', `/api/v1/admin/organizations/${org}`, undefined],
    ] as [string, string, unknown][]) {
      const res = await t.request(method, path, { token: t.agent, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    }
    expect(
      await t.k.selectFrom('users').select(['name', 'organization_id']).where('id', '=', customer).executeTakeFirst(),
    ).toEqual({ name: 'Read Only', organization_id: org });
    expect(
      (await t.k.selectFrom('organizations').select('name').where('id', '=', org).executeTakeFirstOrThrow()).name,
    ).toBe('Readonly Inc');
    expect(
      await t.k.selectFrom('users').select('id').where('email', '=', 'new@example.test').executeTakeFirst(),
    ).toBeUndefined();
  });
});

describe('admin users', () => {
  let customerId: string;

  it('lets an admin create, read, change and delete a customer', async () => {
    const org = await t.world.organization('Gamma');
    const created = await t.request('POST', '/api/v1/admin/users', {
      token: t.admin,
      body: { email: 'Carol@Gamma.Example', name: 'Carol', organizationId: org, locale: 'fr' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      email: 'carol@gamma.example',
      name: 'Carol',
      role: 'customer',
      organizationId: org,
      locale: 'fr',
    });
    customerId = created.json.id;
    expect((await t.request('GET', `/api/v1/admin/users/${customerId}`, { token: t.agent })).json).toEqual(
      created.json,
    );

    const changed = await t.request('PATCH', `/api/v1/admin/users/${customerId}`, {
      token: t.admin,
      body: { name: 'Carol C.', organizationId: null, locale: 'en' },
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ name: 'Carol C.', organizationId: null, locale: 'en' });
    const row = await t.k.selectFrom('users').selectAll().where('id', '=', customerId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Carol C.', organization_id: null, locale: 'en', email: 'carol@gamma.example' });
  });

  it('keeps emails unique whatever their case (409)', async () => {
    const dup = await t.request('POST', '/api/v1/admin/users', {
      token: t.admin,
      body: { email: 'CAROL@gamma.example', name: 'Other' },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.error.field).toBe('email');
    const other = await t.request('POST', '/api/v1/admin/users', {
      token: t.admin,
      body: { email: 'dave@example.test', name: 'Dave' },
    });
    const clash = await t.request('PATCH', `/api/v1/admin/users/${other.json.id}`, {
      token: t.admin,
      body: { email: 'Carol@Gamma.example' },
    });
    expect(clash.status).toBe(409);
    expect(clash.json.error.field).toBe('email');
    // Changing one's own email to itself is no conflict.
    const same = await t.request('PATCH', `/api/v1/admin/users/${customerId}`, {
      token: t.admin,
      body: { email: 'carol@gamma.example' },
    });
    expect(same.status).toBe(200);
  });

  it('names the field of bad input', async () => {
    for (const [body, field] of [
      [{ email: 'not-an-email', name: 'X' }, 'email'],
      [{ email: 'x@example.test', name: '' }, 'name'],
      [{ email: 'x@example.test', name: 'X', locale: 'de' }, 'locale'],
      [{ email: 'x@example.test', name: 'X', role: 'root' }, 'role'],
      [{ email: 'x@example.test', name: 'X', organizationId: 'nope' }, 'organizationId'],
      [{ email: 'x@example.test', name: 'X', password: 'x' }, 'password'],
    ] as [unknown, string][]) {
      const res = await t.request('POST', '/api/v1/admin/users', { token: t.admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
  });

  it('keeps staff accounts and roles for admins', async () => {
    const promote = await t.request('PATCH', `/api/v1/admin/users/${customerId}`, {
      token: t.agent,
      body: { role: 'agent' },
    });
    expect(promote.status).toBe(403);
    const agentRow = await t.k
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'agent@support.test')
      .executeTakeFirstOrThrow();
    const renameStaff = await t.request('PATCH', `/api/v1/admin/users/${agentRow.id}`, {
      token: t.agent,
      body: { name: 'Renamed' },
    });
    expect(renameStaff.status).toBe(403);
    const deleteStaff = await t.request('DELETE', `/api/v1/admin/users/${t.adminId}`, { token: t.agent });
    expect(deleteStaff.status).toBe(403);
    expect(
      (await t.k.selectFrom('users').select('role').where('id', '=', customerId).executeTakeFirstOrThrow()).role,
    ).toBe('customer');

    const byAdmin = await t.request('PATCH', `/api/v1/admin/users/${customerId}`, {
      token: t.admin,
      body: { role: 'agent' },
    });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.json.role).toBe('agent');
    const newAdmin = await t.request('POST', '/api/v1/admin/users', {
      token: t.admin,
      body: { email: 'eve@support.test', name: 'Eve', role: 'admin' },
    });
    expect(newAdmin.status).toBe(201);
    const own = await t.request('PATCH', `/api/v1/admin/users/${t.adminId}`, {
      token: t.admin,
      body: { role: 'customer' },
    });
    expect(own.status).toBe(409);
    expect(own.json.error.field).toBe('role');
    expect((await t.request('DELETE', `/api/v1/admin/users/${t.adminId}`, { token: t.admin })).status).toBe(409);
  });

  it('ends the sessions of someone whose role changes, and takes a former agent off their tickets', async () => {
    const formerId = await t.world.user({ role: 'agent', email: 'leaving@support.test', name: 'Leaving' });
    const former = await t.signIn(formerId);
    const requester = await t.world.user();
    const typeId = await t.world.ticketType('role-change');
    const ticket = await t.world.ticket({ typeId, requesterId: requester, assigneeId: formerId });
    const other = await t.world.ticket({ typeId, requesterId: requester });
    expect((await t.request('GET', '/api/v1/admin/users', { token: former })).status).toBe(200);

    const demoted = await t.request('PATCH', `/api/v1/admin/users/${formerId}`, {
      token: t.admin,
      body: { role: 'customer' },
    });
    expect(demoted.status).toBe(200);
    expect((await t.request('GET', '/api/v1/admin/users', { token: former })).status).toBe(401);
    const row = await t.k
      .selectFrom('tickets')
      .select('assignee_id')
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(row.assignee_id).toBeNull();
    const events = await t.k
      .selectFrom('ticket_events')
      .select(['type', 'data', 'actor_id'])
      .where('ticket_id', '=', ticket.id)
      .execute();
    expect(events).toContainEqual({
      type: 'updated',
      data: JSON.stringify({ properties: ['assignee'] }),
      actor_id: t.adminId,
    });
    const untouched = await t.k.selectFrom('ticket_events').select('type').where('ticket_id', '=', other.id).execute();
    expect(untouched.map((e) => e.type)).toEqual(['created']);

    // A promotion ends sessions too: a customer's portal session must not become a staff one.
    const customer = await t.world.user({ email: 'rising@example.test' });
    const customerSession = await t.signIn(customer);
    expect((await t.request('GET', '/api/v1/me', { token: customerSession })).status).toBe(200);
    expect(
      (await t.request('PATCH', `/api/v1/admin/users/${customer}`, { token: t.admin, body: { role: 'agent' } })).status,
    ).toBe(200);
    expect((await t.request('GET', '/api/v1/me', { token: customerSession })).status).toBe(401);
    // Anything else about a person leaves their sessions alone.
    const renamedSession = await t.signIn(customer);
    expect(
      (await t.request('PATCH', `/api/v1/admin/users/${customer}`, { token: t.admin, body: { name: 'Risen' } })).status,
    ).toBe(200);
    expect((await t.request('GET', '/api/v1/me', { token: renamedSession })).status).toBe(200);
  });

  it('filters the list by role, organization and text', async () => {
    const staff = await t.request('GET', '/api/v1/admin/users?role=admin', { token: t.agent });
    expect(staff.json.items.map((u: { email: string }) => u.email)).toEqual(['boss@support.test', 'eve@support.test']);
    const found = await t.request('GET', '/api/v1/admin/users?q=DAVE', { token: t.agent });
    expect(found.json.items.map((u: { email: string }) => u.email)).toEqual(['dave@example.test']);
    const bad = await t.request('GET', '/api/v1/admin/users?role=root', { token: t.agent });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('role');
  });

  it('deletes a user without history, and refuses one with tickets (409)', async () => {
    const lonely = await t.request('POST', '/api/v1/admin/users', {
      token: t.admin,
      body: { email: 'lonely@example.test', name: 'Lonely' },
    });
    expect((await t.request('DELETE', `/api/v1/admin/users/${lonely.json.id}`, { token: t.admin })).status).toBe(204);
    expect((await t.request('GET', `/api/v1/admin/users/${lonely.json.id}`, { token: t.agent })).status).toBe(404);

    const busy = await t.world.user();
    const typeId = await t.world.ticketType('incident');
    await t.world.ticket({ typeId, requesterId: busy });
    const refused = await t.request('DELETE', `/api/v1/admin/users/${busy}`, { token: t.admin });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('in_use');
    expect(await t.k.selectFrom('users').select('id').where('id', '=', busy).executeTakeFirst()).toBeDefined();
  });
});
