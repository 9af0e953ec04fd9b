import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';

// Defect 6 / contract C1: share by name among the people of one's own
// organization, or by any address, and nobody's existence is revealed.

let t: TestContext;
let typeId: string;
let alice: string;
let bob: string;
let carol: string;
let olga: string;
let dave: string;
let agent: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestContext();
  typeId = await t.world.ticketType('incident');
  const open = await t.world.portal('acme', [typeId]);
  const closed = await t.world.portal('closed', [typeId], { selfSignUp: false });
  const acme = await t.world.organization('Acme', 'acme.example');
  const globex = await t.world.organization('Globex', 'globex.example');
  alice = await t.world.user({ organizationId: acme, email: 'alice@acme.example', name: 'Alice Archer' });
  bob = await t.world.user({ organizationId: acme, email: 'bob@acme.example', name: 'Bob Builder' });
  carol = await t.world.user({ organizationId: acme, email: 'carol@acme.example', name: 'Carol Chen' });
  olga = await t.world.user({ organizationId: globex, email: 'olga@globex.example', name: 'Olga Petrova' });
  await t.world.user({ organizationId: globex, email: 'carla@globex.example', name: 'Carla Globex' });
  dave = await t.world.user({ email: 'dave@nowhere.example', name: 'Dave Alone' });
  agent = await t.world.user({ role: 'agent', email: 'agent@support.example', name: 'Carl Agent' });
  tokens.alice = await t.signIn(alice, open.id);
  tokens.aliceClosed = await t.signIn(alice, closed.id);
  tokens.olga = await t.signIn(olga, open.id);
  tokens.dave = await t.signIn(dave, open.id);
  tokens.agent = await t.signIn(agent);
});
afterAll(() => t.close());

const people = (q: string, token = tokens.alice!, portal = 'acme') =>
  t.request('GET', `/api/v1/portals/${portal}/people?q=${encodeURIComponent(q)}`, { token });
const names = async (q: string, token?: string) => {
  const res = await people(q, token);
  expect(res.status).toBe(200);
  return (res.json.items as { name: string }[]).map((p) => p.name);
};
const share = (ticketId: string, body: unknown, token = tokens.alice!, portal = 'acme') =>
  t.request('POST', `/api/v1/portals/${portal}/tickets/${ticketId}/followers`, { token, body });
const followerIds = async (ticketId: string) =>
  (await t.k.selectFrom('ticket_followers').select('user_id').where('ticket_id', '=', ticketId).execute())
    .map((f) => f.user_id)
    .sort();

describe('GET /portals/:slug/people', () => {
  it('finds people of my own organization by name or email, case-insensitively, never me', async () => {
    expect(await names('car')).toEqual(['Carol Chen']);
    expect(await names('CHEN')).toEqual(['Carol Chen']);
    expect(await names('acme.example')).toEqual(['Bob Builder', 'Carol Chen']);
    expect(await names('alice')).toEqual([]);
    const res = await people('bob');
    expect(res.json).toEqual({ items: [{ id: bob, name: 'Bob Builder', email: 'bob@acme.example' }] });
  });

  it('never lists another organization, staff, or anyone for a customer without an organization', async () => {
    // "Carla Globex" and "Carl Agent" match too, but are not Alice's colleagues.
    expect(await names('carl')).toEqual([]);
    expect(await names('globex')).toEqual([]);
    expect(await names('a', tokens.olga)).toEqual(['Carla Globex']);
    expect((await people('a', tokens.dave)).json).toEqual({ items: [] });
    expect((await people('e', tokens.agent)).json).toEqual({ items: [] });
  });

  it('takes % and _ literally, and gives at most 10 people, by name', async () => {
    expect(await names('%')).toEqual([]);
    expect(await names('_')).toEqual([]);
    const org = await t.world.organization('Big');
    for (let i = 0; i < 12; i += 1)
      await t.world.user({
        organizationId: org,
        email: `p${i}@big.example`,
        name: `Person ${String(i).padStart(2, '0')}`,
      });
    const member = await t.world.user({ organizationId: org, email: 'me@big.example', name: 'Me' });
    const portal = await t.k.selectFrom('portals').select('id').where('slug', '=', 'acme').executeTakeFirstOrThrow();
    const listed = await names('person', await t.signIn(member, portal.id));
    expect(listed).toHaveLength(10);
    expect(listed[0]).toBe('Person 00');
    expect(listed).toEqual([...listed].sort());
  });

  it('needs q (1-100 characters) and a session of that portal', async () => {
    for (const q of ['', '   ', 'x'.repeat(101)]) {
      const res = await people(q);
      expect(res.status, JSON.stringify(q)).toBe(400);
      expect(res.json.error.field).toBe('q');
    }
    expect((await t.request('GET', '/api/v1/portals/acme/people')).status).toBe(401);
    expect((await people('bob', tokens.aliceClosed)).status).toBe(401);
  });
});

describe('POST /portals/:slug/tickets/:id/followers by userId', () => {
  it('adds a colleague picked by id, shown by name', async () => {
    const ticket = await t.world.ticket({ typeId, requesterId: alice });
    const res = await share(ticket.id, { userId: carol });
    expect(res.status).toBe(201);
    expect(res.json.items).toEqual([
      { id: alice, name: 'Alice Archer', email: 'alice@acme.example', requester: true },
      { id: carol, name: 'Carol Chen', email: 'carol@acme.example', requester: false },
    ]);
  });

  it('answers a foreign, staff or own id exactly like an unknown one (404 naming userId), and adds nobody', async () => {
    const ticket = await t.world.ticket({ typeId, requesterId: alice });
    const unknown = await share(ticket.id, { userId: 'no-such-user' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: 'not_found', message: 'No such person.', field: 'userId' } });
    for (const id of [olga, agent, dave, alice]) {
      const res = await share(ticket.id, { userId: id });
      expect(res.status, id).toBe(404);
      expect(res.json, id).toEqual(unknown.json);
    }
    expect(await followerIds(ticket.id)).toEqual([alice]);
  });

  it('takes exactly one of email and userId', async () => {
    const ticket = await t.world.ticket({ typeId, requesterId: alice });
    const both = await share(ticket.id, { userId: carol, email: 'carol@acme.example' });
    expect(both.status).toBe(400);
    expect(both.json.error.field).toBe('userId');
    const neither = await share(ticket.id, {});
    expect(neither.status).toBe(400);
    expect(neither.json.error.field).toBe('email');
  });
});

describe('POST …/followers by email reveals nothing', () => {
  /** The answer with what must differ (ids, the address typed) taken out. */
  const shape = (json: { items: { id: string; name: string; email: string; requester: boolean }[] }, typed: string) =>
    json.items.map((f) => ({
      ...f,
      id: f.id === alice ? 'alice' : 'someone',
      name: f.name === typed ? '<typed>' : f.name,
      email: f.email === typed ? '<typed>' : f.email,
    }));

  it('where sign-up is open: a known and an unknown address get the same status and the same answer', async () => {
    const one = await t.world.ticket({ typeId, requesterId: alice });
    const two = await t.world.ticket({ typeId, requesterId: alice });
    const known = await share(one.id, { email: 'olga@globex.example' });
    const unknown = await share(two.id, { email: 'nobody.yet@globex.example' });
    expect(known.status).toBe(201);
    expect(unknown.status).toBe(201);
    expect(shape(known.json, 'olga@globex.example')).toEqual(shape(unknown.json, 'nobody.yet@globex.example'));
    expect(JSON.stringify(known.json)).not.toContain('Olga');
    // Both became followers, and the followers list keeps showing the address, not the name.
    expect(await followerIds(one.id)).toContain(olga);
    const list = await t.request('GET', `/api/v1/portals/acme/tickets/${one.id}/followers`, { token: tokens.alice! });
    expect(list.json.items[1]).toEqual({
      id: olga,
      name: 'olga@globex.example',
      email: 'olga@globex.example',
      requester: false,
    });
  });

  it('where sign-up is closed: any address outside my organization, known or not, gets the same 400; colleagues are added', async () => {
    const ticket = await t.world.ticket({ typeId, requesterId: alice });
    const answers = [];
    for (const email of [
      'olga@globex.example',
      'nobody.yet2@globex.example',
      'agent@support.example',
      'ghost@acme.example',
    ]) {
      const res = await share(ticket.id, { email }, tokens.aliceClosed, 'closed');
      expect(res.status, email).toBe(400);
      answers.push(res.json);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({
      error: {
        code: 'invalid',
        message: 'email: this portal shares tickets only with people of your organization.',
        field: 'email',
      },
    });
    expect(
      await t.k.selectFrom('users').select('id').where('email', '=', 'nobody.yet2@globex.example').executeTakeFirst(),
    ).toBeUndefined();
    expect(await followerIds(ticket.id)).toEqual([alice]);
    const colleague = await share(ticket.id, { email: 'Bob@Acme.example' }, tokens.aliceClosed, 'closed');
    expect(colleague.status).toBe(201);
    expect(colleague.json.items.map((f: { name: string }) => f.name)).toEqual(['Alice Archer', 'Bob Builder']);
  });

  it('the same policy holds for followers named when a ticket is opened', async () => {
    const create = (followers: string[]) =>
      t.request('POST', '/api/v1/portals/closed/tickets', {
        token: tokens.aliceClosed!,
        body: { typeId, title: 'Shared', followers },
      });
    const outsider = await create(['olga@globex.example']);
    const unknown = await create(['who@globex.example']);
    expect(outsider.status).toBe(400);
    expect(unknown.json).toEqual(outsider.json);
    expect(outsider.json.error.field).toBe('followers.0');
    expect((await create(['carol@acme.example'])).status).toBe(201);
  });
});

describe('the followers list names only people the viewer may know of', () => {
  it('shows my colleagues and the requester by name, others by address', async () => {
    const ticket = await t.world.ticket({ typeId, requesterId: alice, followerIds: [carol, olga] });
    const asAlice = await t.request('GET', `/api/v1/portals/acme/tickets/${ticket.id}/followers`, {
      token: tokens.alice!,
    });
    expect(asAlice.json.items.map((f: { name: string }) => f.name).sort()).toEqual([
      'Alice Archer',
      'Carol Chen',
      'olga@globex.example',
    ]);
    const asOlga = await t.request('GET', `/api/v1/portals/acme/tickets/${ticket.id}/followers`, {
      token: tokens.olga!,
    });
    expect(asOlga.json.items.map((f: { name: string }) => f.name).sort()).toEqual([
      'Alice Archer',
      'Olga Petrova',
      'carol@acme.example',
    ]);
  });
});
