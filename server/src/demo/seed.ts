import type { Insertable, Kysely, Transaction } from 'kysely';
import { newId } from '../db/ids.js';
import type {
  CustomFieldsTable,
  Database,
  MessagesTable,
  ProjectFollowersTable,
  TicketEventsTable,
  TicketFollowersTable,
  TicketKind,
  TicketsTable,
  TimeEntriesTable,
  UsersTable,
} from '../db/schema.js';
import { defaultPortalConfig, PortalConfigSchema, type PortalConfig } from '../portals/portal-config.js';
import { findPortalBySlug, updatePortalConfig } from '../portals/portals.repository.js';
import { ensureDefaultTicketTypes } from '../tickets/catalog.repository.js';
import { CLOSED_STATUSES, type Priority, type Status } from '../tickets/ticket-fields.js';
import { lastTicketNumber, setLastTicketNumber } from '../tickets/tickets.repository.js';
import {
  AGENT_REPLIES,
  AREAS,
  CUSTOMER_REPLIES,
  DEMO_ADMIN,
  DEMO_AGENTS,
  DEMO_CUSTOMERS,
  DEMO_EXTRA_TYPES,
  DEMO_ORGANIZATIONS,
  DEMO_PROJECTS,
  DESCRIPTIONS,
  INTERNAL_NOTES,
  TIME_NOTES,
  TITLES,
  type DemoOrgKey,
} from './demo-content.js';
import { SeededRandom } from './demo-random.js';
import type { Executor } from '../db/executor.js';

/** How many of each the demo world holds; the seed test checks them. */
export const DEMO_COUNTS = { tickets: 240, tasks: 60 } as const;

const SEED = 20_26;
const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;
/** Tickets were opened over this many days before `now`. */
const HISTORY_DAYS = 120;

type Rows<T> = Insertable<T>[];

/** Custom fields of the demo; `types` are ticket type keys, null for every type. */
const DEMO_FIELDS = [
  {
    key: 'environment',
    label: 'Environment',
    type: 'select',
    options: ['Production', 'Staging', 'Development'],
    types: ['incident'],
  },
  { key: 'affected_users', label: 'Affected users', type: 'number', options: null, types: ['incident'] },
  {
    key: 'customer_impact',
    label: 'Customers asking for it',
    type: 'percent',
    options: null,
    types: ['feature_request'],
  },
  { key: 'target_date', label: 'Target date', type: 'date', options: null, types: ['feature_request', 'task'] },
  { key: 'needs_callback', label: 'Call me back', type: 'checkbox', options: null, types: null },
] as const;

/** The demo's portals. */
export const DEMO_PORTAL_SLUGS = ['acme', 'tasks'] as const;

/** Where `npm start` runs by default: the server and the demo host website. */
export const DEFAULT_DEMO_HOST_ORIGINS = ['http://localhost:3000', 'http://localhost:3001'];

/**
 * Fills an empty database with the demo world: organizations, customers,
 * agents, an admin, projects and their followers, about 300 tickets and tasks
 * with conversations, custom values and time entries, and two portals
 * (`acme` for tickets, `tasks` for tasks) that allow `hostOrigins` to embed
 * them. Does nothing and answers false when a portal already exists, so
 * restarts keep whatever was changed since (see `allowDemoHostOrigins` for a
 * demo site that moved). The content is deterministic (seeded), its
 * timestamps are relative to `now`.
 */
export async function seedDemoWorld(
  db: Kysely<Database>,
  now: Date,
  options: { hostOrigins?: readonly string[] } = {},
): Promise<boolean> {
  const existing = await db.selectFrom('portals').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const at = now.toISOString();
  await ensureDefaultTicketTypes(db, at);
  const hostOrigins = [...new Set(options.hostOrigins ?? DEFAULT_DEMO_HOST_ORIGINS)];
  // One transaction: a half-seeded world would block the next attempt (no portal, taken emails).
  await db.transaction().execute((trx) => seedInto(trx, now, hostOrigins));
  return true;
}

/**
 * Makes the demo portals (those still there) allow each of `origins`, keeping
 * the origins they already allow: a database seeded while the demo site ran
 * on another port keeps working when it moves (`DEMO_SITE_PORT`). Answers the
 * slugs of the portals it changed.
 */
export async function allowDemoHostOrigins(
  db: Kysely<Database>,
  origins: readonly string[],
  now: Date,
): Promise<string[]> {
  const changed: string[] = [];
  for (const slug of DEMO_PORTAL_SLUGS) {
    const portal = await findPortalBySlug(db, slug);
    if (!portal) continue;
    const missing = origins.filter((o) => !portal.config.allowedOrigins.includes(o));
    if (missing.length === 0) continue;
    // Parsed as the admin API would: an origin it would refuse is refused here too.
    const config = PortalConfigSchema.parse({
      ...portal.config,
      allowedOrigins: [...portal.config.allowedOrigins, ...new Set(missing)],
    });
    await updatePortalConfig(db, portal.id, config, now.toISOString());
    changed.push(slug);
  }
  return changed;
}

async function seedInto(trx: Transaction<Database>, now: Date, hostOrigins: string[]): Promise<void> {
  const at = now.toISOString();
  const rnd = new SeededRandom(SEED);

  // Ticket types: the defaults exist already; add the demo's extra ones.
  const knownTypes = await trx.selectFrom('ticket_types').select(['id', 'key', 'position']).execute();
  const typeId = new Map(knownTypes.map((t) => [t.key, t.id]));
  let position = knownTypes.reduce((max, t) => Math.max(max, Number(t.position)), -1);
  const newTypes = DEMO_EXTRA_TYPES.filter((t) => !typeId.has(t.key)).map((t) => {
    const id = newId();
    typeId.set(t.key, id);
    position += 1;
    return { id, key: t.key, name: t.name, position, created_at: at };
  });
  await insertRows(trx, 'ticket_types', newTypes);
  const typeOf = (key: string): string => {
    const id = typeId.get(key);
    if (!id) throw new Error(`demo seed: ticket type ${key} is missing`);
    return id;
  };

  const fields: Rows<CustomFieldsTable> = DEMO_FIELDS.map((f, i) => ({
    id: newId(),
    key: f.key,
    label: f.label,
    type: f.type,
    options: f.options ? JSON.stringify(f.options) : null,
    type_ids: f.types ? JSON.stringify(f.types.map(typeOf)) : null,
    required: 0,
    position: i,
    created_at: at,
  }));
  await insertRows(trx, 'custom_fields', fields, 'key');

  // People and the organizations they belong to.
  const orgId = new Map<DemoOrgKey, string>();
  const orgs = DEMO_ORGANIZATIONS.map((o) => {
    const id = newId();
    orgId.set(o.key, id);
    return { id, name: o.name, domain: o.domain, created_at: daysAgo(now, HISTORY_DAYS + 30) };
  });
  await insertRows(trx, 'organizations', orgs);

  const person = (
    p: { name: string; email: string; locale: string },
    role: UsersTable['role'],
    org: DemoOrgKey | null,
  ) => ({
    id: newId(),
    email: p.email,
    name: p.name,
    role,
    organization_id: org ? (orgId.get(org) ?? null) : null,
    locale: p.locale,
    external_id: null,
    created_at: daysAgo(now, HISTORY_DAYS + 20),
  });
  const users: Rows<UsersTable> = [
    person(DEMO_ADMIN, 'admin', null),
    ...DEMO_AGENTS.map((a) => person(a, 'agent', null)),
    ...DEMO_CUSTOMERS.map((c) => person(c, 'customer', c.org)),
  ];
  // ADMIN_EMAIL may have created admin@example.com already: keep that account.
  await insertRows(trx, 'users', users, 'email');
  const emails = users.map((u) => u.email);
  const stored = await trx
    .selectFrom('users')
    .select(['id', 'email', 'organization_id'])
    .where('email', 'in', emails)
    .execute();
  const userByEmail = new Map(stored.map((u) => [u.email, u]));
  const idOf = (email: string): string => {
    const u = userByEmail.get(email);
    if (!u) throw new Error(`demo seed: user ${email} is missing`);
    return u.id;
  };
  const agents = DEMO_AGENTS.map((a) => idOf(a.email));
  const customers = DEMO_CUSTOMERS.map((c) => ({
    id: idOf(c.email),
    org: c.org,
    orgId: c.org ? (orgId.get(c.org) ?? null) : null,
  }));

  // Projects and who follows them.
  const projects = DEMO_PROJECTS.map((p) => ({
    id: newId(),
    key: p.key,
    name: p.name,
    created_at: daysAgo(now, HISTORY_DAYS + 10),
  }));
  await insertRows(
    trx,
    'projects',
    projects.map(({ id, name, created_at }) => ({ id, name, created_at })),
  );
  const projectFollowers: Rows<ProjectFollowersTable> = DEMO_PROJECTS.flatMap((p, i) => {
    const projectId = projects[i]!.id;
    const created_at = daysAgo(now, HISTORY_DAYS);
    return [
      ...p.orgs.map((o) => ({
        id: newId(),
        project_id: projectId,
        user_id: null,
        organization_id: orgId.get(o) ?? null,
        created_at,
      })),
      ...p.users.map((u) => ({
        id: newId(),
        project_id: projectId,
        user_id: idOf(u),
        organization_id: null,
        created_at,
      })),
    ];
  });
  await insertRows(trx, 'project_followers', projectFollowers);

  // Tickets and tasks with their conversations.
  const firstNumber = (await lastTicketNumber(trx)) + 1;
  const plans = [
    ...Array.from({ length: DEMO_COUNTS.tickets }, () => planTicket(rnd, now, 'ticket')),
    ...Array.from({ length: DEMO_COUNTS.tasks }, () => planTicket(rnd, now, 'task')),
  ].sort((a, b) => a.createdMs - b.createdMs);

  const tickets: Rows<TicketsTable> = [];
  const followers: Rows<TicketFollowersTable> = [];
  const messages: Rows<MessagesTable> = [];
  const events: Rows<TicketEventsTable> = [];
  const timeEntries: Rows<TimeEntriesTable> = [];
  const nowMs = now.getTime();

  plans.forEach((plan, index) => {
    const id = newId();
    // Alice has the busiest inbox, so the demo's first sign-in shows a full list.
    const requester = rnd.chance(0.2) ? customers[0]! : rnd.pick(customers);
    const typeKey =
      plan.kind === 'task'
        ? rnd.weighted({ task: 75, feature_request: 25 })
        : rnd.weighted({ incident: 40, feature_request: 25, question: 25, access_request: 10 });
    const area = rnd.pick(AREAS);
    const title = fill(rnd.pick(TITLES[typeKey] ?? []), area);
    const description = fill(rnd.pick(DESCRIPTIONS[typeKey] ?? []), area);
    const project = plan.kind === 'task' || rnd.chance(0.25) ? rnd.pick(projects) : null;
    const isPrivate = plan.kind === 'ticket' && rnd.chance(0.04);
    const assignee = plan.status === 'open' && rnd.chance(0.4) ? null : rnd.pick(agents);

    // Followers: the requester, sometimes a colleague or someone from outside.
    const followerIds = new Set([requester.id]);
    if (rnd.chance(0.3)) {
      const colleagues = customers.filter((c) => c.id !== requester.id && c.org !== null && c.org === requester.org);
      const pool =
        colleagues.length > 0 && rnd.chance(0.8) ? colleagues : customers.filter((c) => c.id !== requester.id);
      followerIds.add(rnd.pick(pool).id);
    }
    for (const userId of followerIds)
      followers.push({ ticket_id: id, user_id: userId, created_at: iso(plan.createdMs) });
    events.push(event(id, requester.id, 'created', {}, false, plan.createdMs));

    // The conversation: agents and customers take turns; some agent posts are internal notes.
    let t = plan.createdMs;
    let agentTurn = true;
    const count = plan.status === 'open' ? rnd.int(0, 2) : rnd.int(1, 6);
    for (let m = 0; m < count; m += 1) {
      t += rnd.int(10, 2 * 24 * 60) * MINUTE;
      if (t >= nowMs - MINUTE) break;
      const internal = agentTurn && rnd.chance(0.2);
      const author = agentTurn ? (assignee ?? rnd.pick(agents)) : rnd.pick([...followerIds]);
      const body = internal
        ? rnd.pick(INTERNAL_NOTES)
        : agentTurn
          ? rnd.pick(AGENT_REPLIES)
          : rnd.pick(CUSTOMER_REPLIES);
      const messageId = newId();
      messages.push({
        id: messageId,
        ticket_id: id,
        author_id: author,
        body,
        internal: internal ? 1 : 0,
        created_at: iso(t),
      });
      events.push(event(id, author, internal ? 'internal_note' : 'message', { messageId }, internal, t));
      if (!internal) agentTurn = !agentTurn;
    }

    let closedAt: string | null = null;
    if (plan.status !== 'open') {
      t = Math.min(t + rnd.int(5, 12 * 60) * MINUTE, nowMs - MINUTE);
      events.push(
        event(id, assignee ?? rnd.pick(agents), 'status_changed', { from: 'open', to: plan.status }, false, t),
      );
      if (CLOSED_STATUSES.includes(plan.status)) closedAt = iso(t);
    }

    // Time logged on worked tickets, by the team and sometimes by the customer.
    if (plan.status !== 'open' && rnd.chance(0.3)) {
      for (let e = rnd.int(1, 3); e > 0; e -= 1) {
        const day = rnd.int(plan.createdMs, t);
        timeEntries.push({
          id: newId(),
          ticket_id: id,
          user_id: rnd.chance(0.7) ? (assignee ?? rnd.pick(agents)) : requester.id,
          minutes: rnd.int(1, 16) * 15,
          date: iso(day).slice(0, 10),
          note: rnd.pick(TIME_NOTES),
          created_at: iso(day),
        });
      }
    }

    tickets.push({
      id,
      number: firstNumber + index,
      kind: plan.kind,
      type_id: typeOf(typeKey),
      project_id: project?.id ?? null,
      title,
      description,
      status: plan.status,
      priority: plan.priority,
      requester_id: requester.id,
      organization_id: requester.orgId,
      assignee_id: assignee,
      private: isPrivate ? 1 : 0,
      percent_complete: plan.kind === 'task' ? percentFor(rnd, plan.status) : null,
      due_date:
        plan.kind === 'task' || (typeKey === 'feature_request' && rnd.chance(0.3))
          ? isoDate(plan.createdMs + rnd.int(7, 60) * DAY)
          : null,
      custom: JSON.stringify(customFor(rnd, typeKey, plan.createdMs)),
      created_at: iso(plan.createdMs),
      updated_at: iso(t),
      closed_at: closedAt,
    });
  });

  await insertRows(trx, 'tickets', tickets);
  await insertRows(trx, 'ticket_followers', followers);
  await insertRows(trx, 'messages', messages);
  await insertRows(trx, 'ticket_events', events);
  await insertRows(trx, 'time_entries', timeEntries);
  const lastNumber = firstNumber + tickets.length - 1;
  await setLastTicketNumber(trx, lastNumber);

  // The two portals.
  const portals = [
    {
      slug: 'acme',
      config: {
        ...ticketsPortalConfig([...['incident', 'feature_request', 'question', 'access_request'].map(typeOf)]),
        allowedOrigins: hostOrigins,
      },
    },
    {
      slug: 'tasks',
      config: { ...tasksPortalConfig([typeOf('task'), typeOf('feature_request')]), allowedOrigins: hostOrigins },
    },
  ];
  await insertRows(
    trx,
    'portals',
    portals.map((p) => ({
      id: newId(),
      slug: p.slug,
      // Parsed on the way in, as the admin API would: a bad demo config fails here, not in the widget.
      config: JSON.stringify(PortalConfigSchema.parse(p.config)),
      created_at: daysAgo(now, HISTORY_DAYS + 5),
      updated_at: at,
    })),
  );
}

interface TicketPlan {
  kind: TicketKind;
  createdMs: number;
  status: Status;
  priority: Priority;
}

function planTicket(rnd: SeededRandom, now: Date, kind: TicketKind): TicketPlan {
  const ageMs = rnd.int(30, HISTORY_DAYS * 24 * 60) * MINUTE;
  // Old tickets are mostly done; recent ones mostly still open.
  const status: Status =
    ageMs > 30 * DAY
      ? rnd.weighted({ open: 8, in_progress: 10, waiting: 7, resolved: 30, closed: 45 })
      : rnd.weighted({ open: 35, in_progress: 25, waiting: 15, resolved: 15, closed: 10 });
  const priority: Priority = rnd.weighted({ low: 25, medium: 45, high: 22, urgent: 8 });
  return { kind, createdMs: now.getTime() - ageMs, status, priority };
}

function percentFor(rnd: SeededRandom, status: Status): number {
  if (status === 'resolved' || status === 'closed') return 100;
  if (status === 'open') return rnd.int(0, 2) * 10;
  return rnd.int(2, 9) * 10;
}

function customFor(rnd: SeededRandom, typeKey: string, createdMs: number): Record<string, unknown> {
  const custom: Record<string, unknown> = {};
  if (typeKey === 'incident') {
    custom.environment = rnd.weighted({ Production: 70, Staging: 20, Development: 10 });
    if (rnd.chance(0.7)) custom.affected_users = rnd.pick([1, 2, 5, 12, 40, 150, 1200]);
  }
  if (typeKey === 'feature_request') custom.customer_impact = rnd.int(0, 20) * 5;
  if ((typeKey === 'feature_request' || typeKey === 'task') && rnd.chance(0.6)) {
    custom.target_date = isoDate(createdMs + rnd.int(14, 120) * DAY);
  }
  if (rnd.chance(0.3)) custom.needs_callback = rnd.chance(0.5);
  return custom;
}

function ticketsPortalConfig(typeIds: string[]): PortalConfig {
  const base = defaultPortalConfig('Acme Help Center', 'ticket', typeIds);
  return {
    ...base,
    detailProperties: [
      { property: 'status', editable: false },
      { property: 'priority', editable: true },
      { property: 'type', editable: false },
      { property: 'project', editable: false },
      { property: 'assignee', editable: false },
      { property: 'created_at', editable: false },
      { property: 'updated_at', editable: false },
      { property: 'due_date', editable: true },
      { property: 'custom:environment', editable: true },
      { property: 'custom:affected_users', editable: false },
      { property: 'custom:customer_impact', editable: false },
      { property: 'custom:target_date', editable: false },
      { property: 'custom:needs_callback', editable: true },
    ],
    branding: {
      light: {
        logoUrl: null,
        mainColor: '#0f766e',
        mainTextColor: '#ffffff',
        secondaryButtonColor: '#e2e8f0',
        bodyColor: '#ffffff',
      },
      dark: {
        logoUrl: null,
        mainColor: '#2dd4bf',
        mainTextColor: '#042f2e',
        secondaryButtonColor: '#334155',
        bodyColor: '#0f172a',
      },
    },
    allowedOrigins: DEFAULT_DEMO_HOST_ORIGINS,
    timesheets: true,
    // Mail to this address opens a ticket (with INBOUND_SMTP_PORT, IMAP_URL or INBOUND_HTTP_TOKEN set).
    email: { supportAddresses: ['support@acme.example'], defaultTypeId: null },
  };
}

function tasksPortalConfig(typeIds: string[]): PortalConfig {
  const base = defaultPortalConfig('Project Tasks', 'task', typeIds);
  return {
    ...base,
    detailProperties: [
      { property: 'status', editable: false },
      { property: 'priority', editable: false },
      { property: 'project', editable: false },
      { property: 'assignee', editable: false },
      { property: 'percent_complete', editable: true },
      { property: 'due_date', editable: true },
      { property: 'custom:target_date', editable: true },
      { property: 'created_at', editable: false },
    ],
    views: { sidePanel: true, all: true, myOpen: true, myClosed: true, followed: true, types: false },
    branding: {
      light: {
        logoUrl: null,
        mainColor: '#7c3aed',
        mainTextColor: '#ffffff',
        secondaryButtonColor: '#ede9fe',
        bodyColor: '#fafafa',
      },
      dark: {
        logoUrl: null,
        mainColor: '#a78bfa',
        mainTextColor: '#1e1b4b',
        secondaryButtonColor: '#3f3f46',
        bodyColor: '#18181b',
      },
    },
    allowedOrigins: DEFAULT_DEMO_HOST_ORIGINS,
    timesheets: true,
    // Urgent is for support tickets; planned work tops out at high.
    priorities: ['low', 'medium', 'high'],
  };
}

function event(
  ticketId: string,
  actorId: string,
  type: string,
  data: Record<string, unknown>,
  internal: boolean,
  ms: number,
): Insertable<TicketEventsTable> {
  return {
    id: newId(),
    ticket_id: ticketId,
    actor_id: actorId,
    type,
    data: JSON.stringify(data),
    internal: internal ? 1 : 0,
    created_at: iso(ms),
  };
}

function fill(template: string, area: string): string {
  const text = template.replaceAll('{area}', area);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isoDate(ms: number): string {
  return iso(ms).slice(0, 10);
}

function daysAgo(now: Date, days: number): string {
  return iso(now.getTime() - days * DAY);
}

type TableName = keyof Database;
/**
 * Inserts rows in chunks that stay below both drivers' bound-parameter limits;
 * rows clashing on `ignoreConflictOn` (a unique column) are skipped.
 */
async function insertRows<T extends TableName>(
  trx: Executor,
  table: T,
  rows: Insertable<Database[T]>[],
  ignoreConflictOn?: string,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 250) {
    let query = trx.insertInto(table).values(rows.slice(i, i + 250) as never);
    if (ignoreConflictOn) query = query.onConflict((oc) => oc.column(ignoreConflictOn as never).doNothing());
    await query.execute();
  }
}
