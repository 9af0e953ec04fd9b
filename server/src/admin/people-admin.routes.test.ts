import { describe, expect, it } from 'vitest';
import { lastSignInMail, outboxCount, SIGN_IN_TEST_SETTINGS } from '../auth/auth.test-helpers.js';
import { useTestContext } from '../testing/use-test-context.js';

// Issue 11: admins invite people by email, change roles, deactivate and reactivate.

const t = useTestContext(async (t) => {
  const type = await t.world.ticketType('incident');
  const acme = await t.world.portal('acme', [type], { name: 'Acme Help' });
  await t.world.portal('closed', [type], { name: 'Closed', enabled: false });
  const adminId = await t.world.user({ role: 'admin', email: 'ada@support.test', name: 'Ada' });
  const admin = await t.signIn(adminId);
  const agent = await t.signIn(await t.world.user({ role: 'agent', email: 'agent@support.test' }));
  return { admin, adminId, agent, type, acmeId: acme.id };
}, SIGN_IN_TEST_SETTINGS);

const call = (method: string, path: string, body?: unknown, token = t.admin) =>
  t.request(method, `/api/v1/admin/users${path}`, { token, body });
const form = (token: string) => ({
  body: `token=${encodeURIComponent(token)}`,
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://support.example.test' },
});
const verifyLink = (token: string) =>
  t.request('POST', '/api/v1/auth/email/verify', { body: { token, channel: 'widget' } });

describe('invite by email', () => {
  it('creates a customer and emails them a link into the chosen portal; the link signs them in there', async () => {
    const res = await call('POST', '/invitations', {
      email: 'New.Customer@Example.test',
      portal: 'acme',
      locale: 'fr',
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      email: 'new.customer@example.test',
      name: 'new.customer',
      role: 'customer',
      locale: 'fr',
      deactivatedAt: null,
    });
    const mail = await lastSignInMail(t, 'new.customer@example.test');
    expect(mail?.subject).toBe('Vous êtes invité·e sur Acme Help');
    expect(mail?.text_body).toContain('Ada');
    expect(mail?.link).toMatch(/^https:\/\/support\.example\.test\/auth\/link\?token=/);
    const opened = await t.request('POST', '/auth/link', form(mail!.token!));
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/p/acme');
    const event = await t.k
      .selectFrom('audit_events')
      .select(['action', 'changes'])
      .where('target_id', '=', res.json.id)
      .executeTakeFirstOrThrow();
    expect(event.action).toBe('user.invite');
    expect(JSON.parse(event.changes).portal).toEqual({ before: null, after: 'acme' });
  });

  it('invites an agent into the console, with a name and an organization; the link lives 7 days', async () => {
    const org = await t.world.organization('Support Co');
    const res = await call('POST', '/invitations', {
      email: 'helper@support.test',
      name: 'Helper',
      role: 'agent',
      organizationId: org,
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'Helper', role: 'agent', organizationId: org });
    const mail = await lastSignInMail(t, 'helper@support.test');
    expect(mail?.subject).toBe('You are invited to Tickets Portal');
    expect(mail?.text_body).toContain('the support console');
    t.clock.advance(6 * 24 * 3600_000);
    const signedIn = await verifyLink(mail!.token!);
    expect(signedIn.status).toBe(200);
    expect(signedIn.json.user.role).toBe('agent');
    const me = await t.request('GET', '/api/v1/admin/users?q=helper', { token: signedIn.json.token });
    expect(me.status).toBe(200);
    // Sessions minted before the clock moved are past their time now: sign the admin in again.
    t.admin = await t.signIn(t.adminId);
    t.agent = await t.signIn(await t.world.user({ role: 'agent' }));
  });

  it('refuses bad invitations, naming the field; agents may not invite', async () => {
    await t.world.user({ email: 'taken@example.test' });
    for (const [body, status, field] of [
      [{ email: 'someone@example.test' }, 400, 'portal'],
      [{ email: 'someone@example.test', portal: 'nope' }, 400, 'portal'],
      [{ email: 'someone@example.test', portal: 'closed' }, 400, 'portal'],
      [{ email: 'not-an-email', portal: 'acme' }, 400, 'email'],
      [{ email: 'taken@example.test', portal: 'acme' }, 409, 'email'],
      [{ email: 'someone@example.test', role: 'owner', portal: 'acme' }, 400, 'role'],
      [{ email: 'someone@example.test', portal: 'acme', organizationId: 'nope' }, 400, 'organizationId'],
    ] as [unknown, number, string][]) {
      const res = await call('POST', '/invitations', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.error.field).toBe(field);
    }
    const before = await outboxCount(t);
    const agent = await call('POST', '/invitations', { email: 'x@example.test', portal: 'acme' }, t.agent);
    expect(agent.status).toBe(403);
    expect(await outboxCount(t)).toBe(before);
  });

  it('sends an existing person a fresh invitation', async () => {
    const id = await t.world.user({ email: 'again@example.test' });
    const res = await call('POST', `/${id}/invitation`, { portal: 'acme' });
    expect(res.status).toBe(202);
    const mail = await lastSignInMail(t, 'again@example.test');
    expect(mail?.subject).toBe('You are invited to Acme Help');
    expect((await call('POST', `/${id}/invitation`, {})).json.error.field).toBe('portal');
  });
});

describe('deactivation', () => {
  it('ends sessions, refuses sign-in, keeps tickets; reactivation lets them in again', async () => {
    const customer = await t.world.user({ email: 'leaving@example.test' });
    const ticket = (await t.world.ticket({ requesterId: customer, typeId: t.type, title: 'Mine' })).id;
    const session = await t.signIn(customer, t.acmeId);
    expect((await t.request('GET', '/api/v1/portals/acme/tickets', { token: session })).status).toBe(200);
    // A sign-in link mailed before deactivation.
    const start = await t.request('POST', '/api/v1/auth/email/start', {
      body: { portal: 'acme', email: 'leaving@example.test' },
    });
    expect(start.status).toBe(202);
    const pending = await lastSignInMail(t, 'leaving@example.test');

    const off = await call('PATCH', `/${customer}`, { deactivated: true });
    expect(off.status).toBe(200);
    expect(off.json.deactivatedAt).toEqual(expect.any(String));
    expect((await t.request('GET', '/api/v1/portals/acme/tickets', { token: session })).status).toBe(401);
    expect((await verifyLink(pending!.token!)).status).toBe(400);
    // No new mail either: the same answer as for an unknown address.
    const mails = await outboxCount(t, 'leaving@example.test');
    await t.request('POST', '/api/v1/auth/email/start', { body: { portal: 'acme', email: 'leaving@example.test' } });
    expect(await outboxCount(t, 'leaving@example.test')).toBe(mails);
    // Their ticket stays.
    expect((await t.request('GET', `/api/v1/admin/tickets/${ticket}`, { token: t.admin })).status).toBe(200);
    const listed = await call('GET', '?state=deactivated');
    expect(listed.json.items.map((u: { id: string }) => u.id)).toContain(customer);
    expect((await call('GET', '?state=active')).json.items.map((u: { id: string }) => u.id)).not.toContain(customer);

    const on = await call('PATCH', `/${customer}`, { deactivated: false });
    expect(on.json.deactivatedAt).toBeNull();
    await t.request('POST', '/api/v1/auth/email/start', { body: { portal: 'acme', email: 'leaving@example.test' } });
    const fresh = await lastSignInMail(t, 'leaving@example.test');
    expect((await verifyLink(fresh!.token!)).status).toBe(200);

    const actions = await t.k
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', customer)
      .orderBy('created_at')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['user.deactivate', 'user.reactivate']);
  });

  it("puts a deactivated agent's tickets back in the queue, so a customer's reply reaches the other agents", async () => {
    const leaving = await t.world.user({ role: 'agent', email: 'leaving-agent@support.test' });
    const other = await t.world.user({ role: 'agent', email: 'staying-agent@support.test' });
    const customer = await t.world.user({ email: 'waiting@example.test' });
    const ticket = (
      await t.world.ticket({ requesterId: customer, typeId: t.type, title: 'Assigned', assigneeId: leaving })
    ).id;

    expect((await call('PATCH', `/${leaving}`, { deactivated: true })).status).toBe(200);
    const row = await t.k
      .selectFrom('tickets')
      .select('assignee_id')
      .where('id', '=', ticket)
      .executeTakeFirstOrThrow();
    expect(row.assignee_id).toBeNull();
    const events = await t.k
      .selectFrom('ticket_events')
      .select(['type', 'data', 'actor_id'])
      .where('ticket_id', '=', ticket)
      .where('type', '=', 'updated')
      .execute();
    expect(events).toEqual([
      { type: 'updated', data: JSON.stringify({ properties: ['assignee'] }), actor_id: t.adminId },
    ]);
    // Nor can a ticket be handed to her again while she is deactivated.
    const handBack = await t.request('PATCH', `/api/v1/admin/tickets/${ticket}`, {
      token: t.admin,
      body: { assigneeId: leaving },
    });
    expect(handBack.status).toBe(400);
    expect(handBack.json.error.field).toBe('assigneeId');

    // The customer replies: the support side is every active agent now, not the one who left.
    const session = await t.signIn(customer, t.acmeId);
    const before = await outboxCount(t, 'staying-agent@support.test');
    const reply = await t.request('POST', `/api/v1/portals/acme/tickets/${ticket}/messages`, {
      token: session,
      body: { body: 'Anyone there?' },
    });
    expect(reply.status).toBe(201);
    expect(await outboxCount(t, 'staying-agent@support.test')).toBe(before + 1);
    await t.k.deleteFrom('users').where('id', '=', other).execute();
  });

  it('refuses a sign-in a deactivated person completes with a code they already had (403)', async () => {
    const agentId = await t.world.user({ role: 'agent', email: 'late@support.test' });
    await t.request('POST', '/api/v1/auth/email/start', { body: { email: 'late@support.test' } });
    const mail = await lastSignInMail(t, 'late@support.test');
    // Deactivated behind the API's back: the sign-in itself still refuses.
    await t.k
      .updateTable('users')
      .set({ deactivated_at: '2026-01-01T00:00:00.000Z' })
      .where('id', '=', agentId)
      .execute();
    const res = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { email: 'late@support.test', code: mail!.code },
    });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('deactivated');
  });

  it('refuses deactivating yourself, and agents deactivating anyone', async () => {
    // Alone, Ada is told she is the last admin; with a colleague, that it is her own account.
    const self = await call('PATCH', `/${t.adminId}`, { deactivated: true });
    expect(self.json.error.code).toBe('last_admin');
    const colleague = await t.world.user({ role: 'admin' });
    const again = await call('PATCH', `/${t.adminId}`, { deactivated: true });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('own_account');
    expect(self.status).toBe(409);
    const customer = await t.world.user();
    expect((await call('PATCH', `/${customer}`, { deactivated: true }, t.agent)).status).toBe(403);
    await t.k.deleteFrom('users').where('id', '=', colleague).execute();
  });
});

describe('the last active admin', () => {
  it('cannot be demoted or deactivated (409 last_admin); with a colleague, the colleague can be', async () => {
    const admins = await t.k.selectFrom('users').select('id').where('role', '=', 'admin').execute();
    expect(admins.map((a) => a.id)).toEqual([t.adminId]);
    for (const body of [{ role: 'agent' }, { deactivated: true }]) {
      const res = await call('PATCH', `/${t.adminId}`, body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(res.json.error.code).toBe('last_admin');
      expect(res.json.error.message).toContain('last active admin');
    }
    const colleague = await t.world.user({ role: 'admin', email: 'colleague@support.test' });
    const demoted = await call('PATCH', `/${colleague}`, { role: 'agent' });
    expect(demoted.status).toBe(200);
    const promoted = await call('PATCH', `/${colleague}`, { role: 'admin' });
    expect(promoted.status).toBe(200);
    const deactivated = await call('PATCH', `/${colleague}`, { deactivated: true });
    expect(deactivated.status).toBe(200);
    // A deactivated admin does not count: Ada is the last active one again.
    expect((await call('PATCH', `/${t.adminId}`, { role: 'agent' })).json.error.code).toBe('last_admin');
  });

  it('two admins demoting each other at once leave at least one admin', async () => {
    const otherId = await t.world.user({ role: 'admin', email: 'rival@support.test' });
    const other = await t.signIn(otherId);
    const results = await Promise.all([
      call('PATCH', `/${otherId}`, { role: 'agent' }, t.admin),
      call('PATCH', `/${t.adminId}`, { role: 'agent' }, other),
    ]);
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    const left = await t.k
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('deactivated_at', 'is', null)
      .execute();
    expect(left.length).toBeGreaterThanOrEqual(1);
  });
});
