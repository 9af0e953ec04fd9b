import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalConfigSchema } from '../portals/portal-config.js';
import { STATUSES, PRIORITIES } from '../tickets/ticket-fields.js';
import { nextTicketNumber } from '../tickets/tickets.repository.js';
import { openTestDb } from '../testing/test-db.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { allowDemoHostOrigins, DEMO_COUNTS, seedDemoWorld } from './seed.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
let t: TestContext;
let seeded: boolean;
let seconds: number;

async function count(
  table:
    | 'organizations'
    | 'projects'
    | 'project_followers'
    | 'tickets'
    | 'ticket_followers'
    | 'messages'
    | 'ticket_events'
    | 'time_entries'
    | 'portals'
    | 'custom_fields'
    | 'ticket_types',
): Promise<number> {
  const row = await t.k
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function usersByRole(role: string): Promise<number> {
  const row = await t.k
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('role', '=', role as never)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  t = await createTestContext();
  const started = performance.now();
  seeded = await seedDemoWorld(t.k, NOW);
  seconds = (performance.now() - started) / 1000;
});
afterAll(() => t.close());

describe('demo world', () => {
  it('seeds every kind of row, quickly', async () => {
    expect(seeded).toBe(true);
    expect(seconds).toBeLessThan(5);
    expect(await count('organizations')).toBe(3);
    expect(await usersByRole('customer')).toBe(15);
    expect(await usersByRole('agent')).toBe(3);
    expect(await usersByRole('admin')).toBe(1);
    expect(await count('projects')).toBe(5);
    expect(await count('ticket_types')).toBe(5);
    expect(await count('custom_fields')).toBe(5);
    expect(await count('tickets')).toBe(DEMO_COUNTS.tickets + DEMO_COUNTS.tasks);
    expect(await count('ticket_followers')).toBeGreaterThan(DEMO_COUNTS.tickets + DEMO_COUNTS.tasks);
    expect(await count('messages')).toBeGreaterThan(500);
    expect(await count('ticket_events')).toBeGreaterThan(await count('messages'));
    expect(await count('time_entries')).toBeGreaterThan(20);
    expect(await count('portals')).toBe(2);

    const admin = await t.k
      .selectFrom('users')
      .select('role')
      .where('email', '=', 'admin@example.com')
      .executeTakeFirstOrThrow();
    expect(admin.role).toBe('admin');
    const alice = await t.k
      .selectFrom('users')
      .select('organization_id')
      .where('email', '=', 'alice@acme.example')
      .executeTakeFirstOrThrow();
    expect(alice.organization_id).not.toBeNull();
    const loners = await t.k
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'customer')
      .where('organization_id', 'is', null)
      .execute();
    expect(loners.length).toBeGreaterThan(0);
    const orgFollows = await t.k
      .selectFrom('project_followers')
      .select('id')
      .where('organization_id', 'is not', null)
      .execute();
    const userFollows = await t.k
      .selectFrom('project_followers')
      .select('id')
      .where('user_id', 'is not', null)
      .execute();
    expect(orgFollows.length).toBeGreaterThan(0);
    expect(userFollows.length).toBeGreaterThan(0);
  });

  it('spreads tickets over types, statuses, priorities and time, with consistent numbers', async () => {
    const tickets = await t.k
      .selectFrom('tickets')
      .innerJoin('ticket_types', 'ticket_types.id', 'tickets.type_id')
      .select([
        'tickets.id',
        'tickets.number',
        'tickets.kind',
        'ticket_types.key as type',
        'tickets.status',
        'tickets.priority',
        'tickets.private',
        'tickets.custom',
        'tickets.created_at',
        'tickets.updated_at',
        'tickets.closed_at',
        'tickets.requester_id',
      ])
      .orderBy('tickets.number')
      .execute();
    expect(new Set(tickets.map((r) => r.status))).toEqual(new Set(STATUSES));
    expect(new Set(tickets.map((r) => r.priority))).toEqual(new Set(PRIORITIES));
    expect(new Set(tickets.map((r) => r.type))).toEqual(
      new Set(['incident', 'feature_request', 'question', 'access_request', 'task']),
    );
    expect(tickets.filter((r) => r.kind === 'task')).toHaveLength(DEMO_COUNTS.tasks);
    const privates = tickets.filter((r) => Number(r.private) === 1).length;
    expect(privates).toBeGreaterThan(0);
    expect(privates).toBeLessThan(30);

    // Numbers run 1..n in creation order, and the next ticket gets n + 1.
    expect(tickets.map((r) => Number(r.number))).toEqual(tickets.map((_, i) => i + 1));
    const created = tickets.map((r) => r.created_at);
    expect(created).toEqual([...created].sort());
    expect(await t.k.transaction().execute((trx) => nextTicketNumber(trx))).toBe(tickets.length + 1);

    const oldest = Date.parse(created[0]!);
    expect(NOW.getTime() - oldest).toBeGreaterThan(90 * 86_400_000);
    expect(NOW.getTime() - oldest).toBeLessThanOrEqual(120 * 86_400_000);
    for (const r of tickets) {
      expect(r.updated_at >= r.created_at && r.updated_at <= NOW.toISOString()).toBe(true);
      expect(r.closed_at !== null).toBe(r.status === 'resolved' || r.status === 'closed');
    }
    const withCustom = tickets.filter((r) => Object.keys(JSON.parse(r.custom) as object).length > 0);
    expect(withCustom.length).toBeGreaterThan(100);

    // Every requester follows their ticket.
    const follows = await t.k.selectFrom('ticket_followers').select(['ticket_id', 'user_id']).execute();
    const followed = new Set(follows.map((f) => `${f.ticket_id}/${f.user_id}`));
    expect(tickets.every((r) => followed.has(`${r.id}/${r.requester_id}`))).toBe(true);

    const internal = await t.k.selectFrom('messages').select('id').where('internal', '=', 1).execute();
    expect(internal.length).toBeGreaterThan(10);
  });

  it('configures valid portals that show the demo through the API', async () => {
    const portals = await t.k.selectFrom('portals').selectAll().orderBy('slug').execute();
    expect(portals.map((p) => p.slug)).toEqual(['acme', 'tasks']);
    const [acme, tasks] = portals.map((p) => PortalConfigSchema.parse(JSON.parse(p.config)));
    expect(acme!.kind).toBe('ticket');
    expect(tasks!.kind).toBe('task');
    expect(acme!.timesheets).toBe(true);
    expect(acme!.allowedOrigins).toEqual(expect.arrayContaining(['http://localhost:3000', 'http://localhost:3001']));
    expect(acme!.branding.light.mainColor).not.toBe(acme!.branding.dark.mainColor);
    expect(acme!.branding.light.bodyColor).not.toBe(acme!.branding.dark.bodyColor);
    const custom = acme!.detailProperties.filter((p) => p.property.startsWith('custom:'));
    expect(custom.some((p) => p.editable)).toBe(true);
    expect(custom.some((p) => !p.editable)).toBe(true);

    const alice = await t.k
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'alice@acme.example')
      .executeTakeFirstOrThrow();
    const token = await t.signIn(alice.id, portals[0]!.id);
    const list = await t.request('GET', '/api/v1/portals/acme/tickets?limit=100', { token });
    expect(list.status).toBe(200);
    expect(list.json.items.length).toBeGreaterThan(20);
    const detail = await t.request('GET', `/api/v1/portals/acme/tickets/${list.json.items[0].id}`, { token });
    expect(detail.status).toBe(200);
    const messages = await t.request('GET', `/api/v1/portals/acme/tickets/${list.json.items[0].id}/messages`, {
      token,
    });
    expect(messages.status).toBe(200);

    const taskToken = await t.signIn(alice.id, portals[1]!.id);
    const taskList = await t.request('GET', '/api/v1/portals/tasks/tickets?limit=100', { token: taskToken });
    expect(taskList.status).toBe(200);
    expect(taskList.json.items.length).toBeGreaterThan(0);
  });

  it('does nothing the second time', async () => {
    const before = await count('tickets');
    expect(await seedDemoWorld(t.k, new Date())).toBe(false);
    expect(await count('tickets')).toBe(before);
    expect(await count('organizations')).toBe(3);
    expect(await count('portals')).toBe(2);
  });

  it('builds the same world from the same seed', async () => {
    const other = await openTestDb();
    try {
      expect(await seedDemoWorld(other.kysely, NOW)).toBe(true);
      const shape = (rows: { number: number; title: string; status: string; created_at: string }[]) =>
        rows.map((r) => `${Number(r.number)}|${r.title}|${r.status}|${r.created_at}`);
      const mine = await t.k
        .selectFrom('tickets')
        .select(['number', 'title', 'status', 'created_at'])
        .orderBy('number')
        .execute();
      const theirs = await other.kysely
        .selectFrom('tickets')
        .select(['number', 'title', 'status', 'created_at'])
        .orderBy('number')
        .execute();
      expect(shape(theirs)).toEqual(shape(mine));
    } finally {
      await other.dispose();
    }
  });
});

describe('demo host origins (issue 8, defect 13)', () => {
  const allowedOf = async (ctx: TestContext, slug: string) => {
    const row = await ctx.k.selectFrom('portals').select('config').where('slug', '=', slug).executeTakeFirstOrThrow();
    return PortalConfigSchema.parse(JSON.parse(row.config)).allowedOrigins;
  };
  const corsFor = async (ctx: TestContext, origin: string) =>
    (await ctx.app.request('/api/v1/portals/acme', { headers: { origin } })).headers.get('access-control-allow-origin');

  it('seeds the demo portals allowing the origins the demo site really runs on', async () => {
    const ctx = await createTestContext();
    try {
      await seedDemoWorld(ctx.k, NOW, { hostOrigins: ['http://localhost:3301', 'http://127.0.0.1:3301'] });
      for (const slug of ['acme', 'tasks'])
        expect(await allowedOf(ctx, slug)).toEqual(['http://localhost:3301', 'http://127.0.0.1:3301']);
      expect(await corsFor(ctx, 'http://localhost:3301')).toBe('http://localhost:3301');
    } finally {
      await ctx.close();
    }
  });

  it('adds a moved demo site to a database seeded earlier, keeping every origin already allowed', async () => {
    const ctx = await createTestContext();
    try {
      await seedDemoWorld(ctx.k, NOW);
      // An admin added a site of their own since.
      const acme = await ctx.k
        .selectFrom('portals')
        .select(['id', 'config'])
        .where('slug', '=', 'acme')
        .executeTakeFirstOrThrow();
      const config = JSON.parse(acme.config) as { allowedOrigins: string[] };
      config.allowedOrigins.push('https://shop.example');
      await ctx.k
        .updateTable('portals')
        .set({ config: JSON.stringify(config) })
        .where('id', '=', acme.id)
        .execute();
      expect(await corsFor(ctx, 'http://localhost:3401')).not.toBe('http://localhost:3401');

      const changed = await allowDemoHostOrigins(ctx.k, ['http://localhost:3401', 'http://127.0.0.1:3401'], NOW);
      expect(changed).toEqual(['acme', 'tasks']);
      expect(await allowedOf(ctx, 'acme')).toEqual([
        'http://localhost:3000',
        'http://localhost:3001',
        'https://shop.example',
        'http://localhost:3401',
        'http://127.0.0.1:3401',
      ]);
      expect(await allowedOf(ctx, 'tasks')).toEqual(
        expect.arrayContaining(['http://localhost:3401', 'http://127.0.0.1:3401']),
      );
      expect(await corsFor(ctx, 'http://localhost:3401')).toBe('http://localhost:3401');
      // Once is enough: a second start changes nothing.
      expect(await allowDemoHostOrigins(ctx.k, ['http://localhost:3401'], NOW)).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('leaves a deleted demo portal deleted', async () => {
    const ctx = await createTestContext();
    try {
      await seedDemoWorld(ctx.k, NOW);
      await ctx.k.deleteFrom('portals').where('slug', '=', 'tasks').execute();
      expect(await allowDemoHostOrigins(ctx.k, ['http://localhost:3401'], NOW)).toEqual(['acme']);
      expect(
        await ctx.k.selectFrom('portals').select('slug').where('slug', '=', 'tasks').executeTakeFirst(),
      ).toBeUndefined();
    } finally {
      await ctx.close();
    }
  });
});
