import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';

// Issue 11: which portals show a ticket type, and deleting a custom field that holds values.

const t = useTestContext(async (t) => {
  const incident = await t.world.ticketType('incident', 'Incident');
  await t.world.portal('acme', [incident]);
  await t.world.portal('beta', [incident], { email: { supportAddresses: [], defaultTypeId: incident } });
  const admin = await t.signIn(await t.world.user({ role: 'admin' }));
  const customer = await t.world.user();
  return { admin, incident, customer };
});

const call = (method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1/admin${path}`, { token: t.admin, body });
const visibleTypes = async (slug: string) =>
  JSON.parse(
    (await t.k.selectFrom('portals').select('config').where('slug', '=', slug).executeTakeFirstOrThrow()).config,
  ) as { visibleTypeIds: string[]; email: { defaultTypeId: string | null } };

describe('ticket types: which portals show them', () => {
  it('creates a type shown in the portals named, and reports them', async () => {
    const res = await call('POST', '/ticket-types', { key: 'question', name: 'Question', portalSlugs: ['beta'] });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ key: 'question', portalSlugs: ['beta'] });
    expect((await visibleTypes('beta')).visibleTypeIds).toContain(res.json.id);
    expect((await visibleTypes('acme')).visibleTypeIds).not.toContain(res.json.id);
    const got = await call('GET', `/ticket-types/${res.json.id}`);
    expect(got.json.portalSlugs).toEqual(['beta']);
    const list = await call('GET', '/ticket-types');
    expect(list.json.items.find((i: { key: string }) => i.key === 'incident').portalSlugs).toEqual(['acme', 'beta']);
    // The public portal config follows.
    const pub = await t.request('GET', '/api/v1/portals/beta');
    expect(JSON.stringify(pub.json)).toContain(res.json.id);
  });

  it('patch moves a type between portals in one change; a removed default email type falls back', async () => {
    const res = await call('PATCH', `/ticket-types/${t.incident}`, { name: 'Incidents', portalSlugs: ['acme'] });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: 'Incidents', portalSlugs: ['acme'] });
    const beta = await visibleTypes('beta');
    expect(beta.visibleTypeIds).not.toContain(t.incident);
    expect(beta.email.defaultTypeId).toBeNull();
    expect((await call('PATCH', `/ticket-types/${t.incident}`, { portalSlugs: [] })).json.portalSlugs).toEqual([]);
    expect(
      (await call('PATCH', `/ticket-types/${t.incident}`, { portalSlugs: ['beta', 'acme'] })).json.portalSlugs,
    ).toEqual(['acme', 'beta']);
    const event = await t.k
      .selectFrom('audit_events')
      .select('changes')
      .where('target_id', '=', t.incident)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.changes)).toEqual({ portalSlugs: { before: [], after: ['acme', 'beta'] } });
  });

  it('refuses an unknown portal, naming the entry, and changes nothing', async () => {
    const res = await call('PATCH', `/ticket-types/${t.incident}`, { name: 'Renamed', portalSlugs: ['acme', 'nope'] });
    expect(res.status).toBe(400);
    expect(res.json.error.field).toBe('portalSlugs.1');
    expect((await call('GET', `/ticket-types/${t.incident}`)).json).toMatchObject({
      name: 'Incidents',
      portalSlugs: ['acme', 'beta'],
    });
  });
});

describe('deleting a custom field that holds values asks first', () => {
  it('answers 409 with the count, then with ?confirm=true records the old value on each ticket', async () => {
    const field = await call('POST', '/custom-fields', { key: 'sla', label: 'SLA', type: 'text' });
    expect(field.status).toBe(201);
    const one = await t.world.ticket({ requesterId: t.customer, typeId: t.incident, custom: { sla: 'gold' } });
    const two = await t.world.ticket({ requesterId: t.customer, typeId: t.incident, custom: { sla: 'silver' } });
    const none = await t.world.ticket({ requesterId: t.customer, typeId: t.incident });

    expect((await call('GET', `/custom-fields/${field.json.id}/usage`)).json).toEqual({ tickets: 2 });
    const asked = await call('DELETE', `/custom-fields/${field.json.id}`);
    expect(asked.status).toBe(409);
    expect(asked.json.error).toMatchObject({ code: 'field_in_use', field: 'confirm' });
    expect(asked.json.error.message).toContain('2 tickets');
    expect((await call('GET', `/custom-fields/${field.json.id}`)).status).toBe(200);
    expect((await call('DELETE', `/custom-fields/${field.json.id}?confirm=false`)).status).toBe(409);

    const done = await call('DELETE', `/custom-fields/${field.json.id}?confirm=true`);
    expect(done.status).toBe(204);
    expect((await call('GET', `/custom-fields/${field.json.id}`)).status).toBe(404);
    const events = await t.k
      .selectFrom('ticket_events')
      .select(['ticket_id', 'data', 'actor_id'])
      .where('type', '=', 'custom_field_removed')
      .execute();
    const byTicket = Object.fromEntries(events.map((e) => [e.ticket_id, JSON.parse(e.data)]));
    expect(byTicket).toEqual({
      [one.id]: { field: 'sla', label: 'SLA', value: 'gold' },
      [two.id]: { field: 'sla', label: 'SLA', value: 'silver' },
    });
    expect(byTicket[none.id]).toBeUndefined();
    const stored = await t.k.selectFrom('tickets').select('custom').where('id', '=', one.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.custom)).toEqual({});
  });

  it('deletes a field no ticket uses without asking; bad confirm values are a 400', async () => {
    const field = await call('POST', '/custom-fields', { key: 'unused', label: 'Unused', type: 'number' });
    expect((await call('DELETE', `/custom-fields/${field.json.id}?confirm=yes`)).json.error.field).toBe('confirm');
    expect((await call('DELETE', `/custom-fields/${field.json.id}`)).status).toBe(204);
  });
});
