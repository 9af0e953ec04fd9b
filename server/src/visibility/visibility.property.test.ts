import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/schema.js';
import { defaultPortalConfig, type PortalConfig } from '../portals/portal-config.js';
import { insertPortal } from '../portals/portals.repository.js';
import { resolveSession } from '../auth/sessions.js';
import { newId } from '../db/ids.js';
import { createEventHub, type TicketChange } from '../events/event-hub.js';
import { insertMessage } from '../tickets/tickets.repository.js';
import { recordAttachment } from '../uploads/attachments.repository.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';

/*
 * The visibility rule, checked against a plain reference over random worlds:
 * for every customer and portal, the list, detail, messages, attachment and
 * live-update endpoints must agree exactly with `referenceVisible`; and no
 * internal note, file of an internal note or internal event ever reaches a
 * customer, whatever they can see.
 */

const TYPES = ['incident', 'feature', 'question'] as const;

interface WorldSpec {
  organizations: number;
  customers: { org: number | null }[];
  projects: number;
  tickets: {
    requester: number;
    /** Index into organizations, or null; usually the requester's, not always (agents can move tickets). */
    org: number | null;
    kind: 'ticket' | 'task';
    type: number;
    project: number | null;
    private: boolean;
  }[];
  ticketFollows: [ticket: number, customer: number][];
  projectFollows: { project: number; customer: number | null; org: number | null }[];
  portals: { kind: 'ticket' | 'task'; rules: PortalConfig['rules']; types: boolean[] }[];
}

const worldArb: fc.Arbitrary<WorldSpec> = fc
  .record({
    organizations: fc.integer({ min: 0, max: 3 }),
    customerCount: fc.integer({ min: 1, max: 4 }),
    projects: fc.integer({ min: 0, max: 3 }),
    ticketCount: fc.integer({ min: 0, max: 10 }),
  })
  .chain(({ organizations, customerCount, projects, ticketCount }) => {
    const orgIndex =
      organizations > 0 ? fc.option(fc.nat({ max: organizations - 1 }), { nil: null, freq: 3 }) : fc.constant(null);
    const projectIndex =
      projects > 0 ? fc.option(fc.nat({ max: projects - 1 }), { nil: null, freq: 2 }) : fc.constant(null);
    return fc.record({
      organizations: fc.constant(organizations),
      customers: fc.array(fc.record({ org: orgIndex }), { minLength: customerCount, maxLength: customerCount }),
      projects: fc.constant(projects),
      tickets: fc.array(
        fc.record({
          requester: fc.nat({ max: customerCount - 1 }),
          org: fc.option(orgIndex, { nil: undefined, freq: 4 }).map((o) => o ?? null),
          kind: fc.constantFrom('ticket' as const, 'task' as const),
          type: fc.nat({ max: TYPES.length - 1 }),
          project: projectIndex,
          private: fc.boolean(),
        }),
        { minLength: ticketCount, maxLength: ticketCount },
      ),
      ticketFollows:
        ticketCount > 0
          ? fc.array(fc.tuple(fc.nat({ max: ticketCount - 1 }), fc.nat({ max: customerCount - 1 })), { maxLength: 8 })
          : fc.constant([]),
      projectFollows:
        projects > 0
          ? fc.array(
              fc.oneof(
                fc.record({
                  project: fc.nat({ max: projects - 1 }),
                  customer: fc.nat({ max: customerCount - 1 }),
                  org: fc.constant(null),
                }),
                organizations > 0
                  ? fc.record({
                      project: fc.nat({ max: projects - 1 }),
                      customer: fc.constant(null),
                      org: fc.nat({ max: organizations - 1 }),
                    })
                  : fc.record({
                      project: fc.nat({ max: projects - 1 }),
                      customer: fc.nat({ max: customerCount - 1 }),
                      org: fc.constant(null),
                    }),
              ),
              { maxLength: 6 },
            )
          : fc.constant([]),
      portals: fc.array(
        fc.record({
          kind: fc.constantFrom('ticket' as const, 'task' as const),
          rules: fc.record({ ownOrFollowed: fc.boolean(), organization: fc.boolean(), followedProjects: fc.boolean() }),
          types: fc.array(fc.boolean(), { minLength: TYPES.length, maxLength: TYPES.length }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    });
  });

/** DESIGN.md "Visibility", written as plainly as possible over the spec. */
function referenceVisible(
  world: WorldSpec,
  customer: number,
  portal: WorldSpec['portals'][number],
  ticket: number,
): boolean {
  const t = world.tickets[ticket]!;
  const O = world.customers[customer]!.org;
  if (t.kind !== portal.kind || !portal.types[t.type]) return false;
  const follows = world.ticketFollows.some(([ti, ci]) => ti === ticket && ci === customer);
  const a = portal.rules.ownOrFollowed && (t.requester === customer || follows);
  const b = portal.rules.organization && O !== null && t.org === O && !t.private;
  const projectFollowed =
    t.project !== null &&
    world.projectFollows.some(
      (f) => f.project === t.project && (f.customer === customer || (f.org !== null && f.org === O)),
    );
  const c = portal.rules.followedProjects && !t.private && projectFollowed;
  return a || b || c;
}

const WIPE: (keyof Database)[] = [
  'time_entries',
  'attachments',
  'messages',
  'ticket_events',
  'ticket_followers',
  'tickets',
  'project_followers',
  'projects',
  'idempotency_keys',
  'sessions',
  'login_tokens',
  'email_outbox',
  'portals',
  'users',
  'organizations',
];

let t: TestContext;
let typeIds: string[];

beforeAll(async () => {
  t = await createTestContext();
  typeIds = [];
  for (const key of TYPES) typeIds.push(await t.world.ticketType(key));
});
afterAll(() => t.close());

async function build(world: WorldSpec) {
  for (const table of WIPE) await t.k.deleteFrom(table).execute();
  const orgIds: string[] = [];
  for (let i = 0; i < world.organizations; i++) orgIds.push(await t.world.organization(`Org ${i}`));
  const customerIds: string[] = [];
  for (const c of world.customers) {
    customerIds.push(await t.world.user({ organizationId: c.org === null ? null : orgIds[c.org]! }));
  }
  const agent = await t.world.user({ role: 'agent' });
  const projectIds: string[] = [];
  for (let i = 0; i < world.projects; i++) projectIds.push(await t.world.project(`Project ${i}`));
  const projectFollowKeys = new Set<string>();
  for (const f of world.projectFollows) {
    const key = `${f.project}/${f.customer}/${f.org}`;
    if (projectFollowKeys.has(key)) continue;
    projectFollowKeys.add(key);
    await t.world.followProject(
      projectIds[f.project]!,
      f.customer !== null ? { userId: customerIds[f.customer]! } : { organizationId: orgIds[f.org!]! },
    );
  }
  const ticketIds: string[] = [];
  const files: { publicFile: string; internalFile: string }[] = [];
  for (const spec of world.tickets) {
    const ticket = await t.world.ticket({
      typeId: typeIds[spec.type]!,
      requesterId: customerIds[spec.requester]!,
      organizationId: spec.org === null ? null : orgIds[spec.org]!,
      kind: spec.kind,
      projectId: spec.project === null ? null : projectIds[spec.project]!,
      private: spec.private,
    });
    ticketIds.push(ticket.id);
    const now = t.clock.now().toISOString();
    const publicFile = await attachment(ticket.id, agent, 'public.txt');
    const internalFile = await attachment(ticket.id, agent, 'internal.txt');
    await insertMessage(t.k, {
      ticketId: ticket.id,
      authorId: agent,
      body: 'public reply',
      internal: false,
      attachmentIds: [publicFile],
      now,
    });
    await insertMessage(t.k, {
      ticketId: ticket.id,
      authorId: agent,
      body: 'internal note',
      internal: true,
      attachmentIds: [internalFile],
      now,
    });
    files.push({ publicFile, internalFile });
  }
  const seen = new Set<string>();
  for (const [ti, ci] of world.ticketFollows) {
    const key = `${ti}/${ci}`;
    // The requester already follows; duplicates are one row.
    if (seen.has(key) || world.tickets[ti]!.requester === ci) continue;
    seen.add(key);
    await t.world.follow(ticketIds[ti]!, customerIds[ci]!);
  }
  const portals = [];
  for (const [i, p] of world.portals.entries()) {
    const config: PortalConfig = {
      ...defaultPortalConfig(
        `P${i}`,
        p.kind,
        typeIds.filter((_, ti) => p.types[ti]),
      ),
      rules: p.rules,
    };
    portals.push(await insertPortal(t.k, `p${i}`, config, t.clock.now().toISOString()));
  }
  return { customerIds, ticketIds, files, portals };
}

/** A stored file uploaded by `uploaderId` to the ticket, not yet on a message; its id. */
async function attachment(ticketId: string, uploaderId: string, filename: string): Promise<string> {
  const stored = await t.deps.storage.put(new TextEncoder().encode(filename));
  const id = newId();
  await recordAttachment(t.k, {
    id,
    ticket_id: ticketId,
    message_id: null,
    uploader_id: uploaderId,
    filename,
    content_type: 'text/plain',
    size: stored.size,
    storage_key: stored.key,
    created_at: t.clock.now().toISOString(),
  });
  return id;
}

/** What the live-update hub sends this session about everything recorded so far. */
async function liveChanges(
  token: string,
  portal: Awaited<ReturnType<typeof build>>['portals'][number],
): Promise<TicketChange[]> {
  const viewer = await resolveSession(t.k, t.deps.secret, t.clock, token);
  expect(viewer).not.toBeNull();
  const hub = createEventHub(t.k, t.clock, { pollMs: 3_600_000, lookbackMs: 3_600_000 });
  const sent: TicketChange[] = [];
  const stop = hub.subscribe({ viewer: viewer!, portal, send: (change) => sent.push(change), end: () => undefined });
  try {
    await hub.poll();
  } finally {
    stop();
  }
  return sent;
}

async function listAll(slug: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?limit=3&cursor=${encodeURIComponent(cursor)}` : '?limit=3';
    const res = await t.request<{ items: { id: string }[]; nextCursor: string | null }>(
      'GET',
      `/api/v1/portals/${slug}/tickets${query}`,
      { token },
    );
    expect(res.status).toBe(200);
    ids.push(...res.json.items.map((item) => item.id));
    cursor = res.json.nextCursor;
  } while (cursor);
  return ids;
}

describe('the visibility rule', () => {
  it('matches the reference for every customer, portal and ticket in random worlds', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        const { customerIds, ticketIds, files, portals } = await build(world);
        const internalEvents = new Set(
          (await t.k.selectFrom('ticket_events').select('id').where('internal', '=', 1).execute()).map((e) => e.id),
        );
        expect(internalEvents.size).toBe(ticketIds.length);
        for (const [pi, portal] of portals.entries()) {
          const spec = world.portals[pi]!;
          for (const [ci, customerId] of customerIds.entries()) {
            const token = await t.signIn(customerId, portal.id);
            const expected = ticketIds.filter((_, ti) => referenceVisible(world, ci, spec, ti)).sort();
            const listed = await listAll(portal.slug, token);
            expect(listed.length).toBe(new Set(listed).size);
            expect([...listed].sort()).toEqual(expected);
            for (const [ti, ticketId] of ticketIds.entries()) {
              const visible = expected.includes(ticketId);
              const detail = await t.request('GET', `/api/v1/portals/${portal.slug}/tickets/${ticketId}`, { token });
              expect(detail.status).toBe(visible ? 200 : 404);
              const messages = await t.request<{ items: { body: string; attachments: { id: string }[] }[] }>(
                'GET',
                `/api/v1/portals/${portal.slug}/tickets/${ticketId}/messages`,
                { token },
              );
              expect(messages.status).toBe(visible ? 200 : 404);
              const { publicFile, internalFile } = files[ti]!;
              if (visible) {
                expect(messages.json.items.map((m) => m.body)).toEqual(['public reply']);
                expect(messages.json.items.flatMap((m) => m.attachments.map((a) => a.id))).toEqual([publicFile]);
              }
              const download = (id: string) =>
                t.request('GET', `/api/v1/attachments/${id}?portal=${portal.slug}`, { token });
              expect((await download(publicFile)).status).toBe(visible ? 200 : 404);
              expect((await download(internalFile)).status).toBe(404);
            }
            const live = await liveChanges(token, portal);
            expect([...new Set(live.map((change) => change.ticketId))].sort()).toEqual(expected);
            expect(live.filter((change) => internalEvents.has(change.id))).toEqual([]);
          }
        }
      }),
      { numRuns: 100 },
    );
  }, 300_000);
});
