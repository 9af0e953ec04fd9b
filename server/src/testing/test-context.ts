import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.js';
import { DEFAULT_SETTINGS, type AppDeps, type AppSettings, type Clock } from '../app-env.js';
import { mintSession } from '../auth/sessions.js';
import type { Db } from '../db/connect.js';
import { newId } from '../db/ids.js';
import type { Role } from '../db/schema.js';
import { insertHostKey, insertHostSite, type HostKey } from '../host-sites/host-sites.repository.js';
import { defaultPortalConfig, type PortalConfig } from '../portals/portal-config.js';
import { insertPortal, type Portal } from '../portals/portals.repository.js';
import { insertTicket, type CreateTicketInput } from '../tickets/tickets.repository.js';
import { createLocalStorage } from '../uploads/local-storage.js';
import { openTestDb } from './test-db.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A clock tests can move; starts at a fixed instant and ticks 1 ms per read so order is stable. */
export class TestClock implements Clock {
  private ms: number;
  constructor(start = Date.parse('2026-01-01T00:00:00.000Z')) {
    this.ms = start;
  }
  now(): Date {
    this.ms += 1;
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  json: T;
}

/**
 * One app on its own fresh database, with helpers to build a world and to call
 * the API. Each test file makes its own and closes it.
 */
export async function createTestContext(settings: Partial<AppSettings> = {}) {
  const db = await openTestDb();
  const uploadDir = mkdtempSync(join(tmpdir(), 'tp-uploads-'));
  const clock = new TestClock();
  const deps: AppDeps = {
    db,
    clock,
    storage: createLocalStorage(uploadDir),
    secret: new TextEncoder().encode('test-secret-test-secret-test-secret!!'),
    settings: { ...DEFAULT_SETTINGS, signInStartMinMs: 0, ...settings },
  };
  const app = createApp(deps);
  const k = db.kysely;
  const now = () => clock.now().toISOString();

  async function request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: BodyInit | undefined;
    if (options.body instanceof FormData) body = options.body;
    else if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: the raw text is returned
    }
    return { status: res.status, headers: res.headers, json: json as T };
  }

  const world = {
    async organization(name = 'Org', domain: string | null = null) {
      const id = newId();
      await k.insertInto('organizations').values({ id, name, domain, created_at: now() }).execute();
      return id;
    },
    async user(
      options: { role?: Role; organizationId?: string | null; email?: string; name?: string; locale?: string } = {},
    ) {
      const id = newId();
      await k
        .insertInto('users')
        .values({
          id,
          email: options.email ?? `${id}@example.test`,
          name: options.name ?? `User ${id.slice(0, 4)}`,
          role: options.role ?? 'customer',
          organization_id: options.organizationId ?? null,
          locale: options.locale ?? 'en',
          external_id: null,
          created_at: now(),
        })
        .execute();
      return id;
    },
    async ticketType(key: string, name = key) {
      const id = newId();
      const position = Number(
        (
          await k
            .selectFrom('ticket_types')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      await k.insertInto('ticket_types').values({ id, key, name, position, created_at: now() }).execute();
      return id;
    },
    async project(name = 'Project') {
      const id = newId();
      await k.insertInto('projects').values({ id, name, created_at: now() }).execute();
      return id;
    },
    async followProject(projectId: string, who: { userId: string } | { organizationId: string }) {
      await k
        .insertInto('project_followers')
        .values({
          id: newId(),
          project_id: projectId,
          user_id: 'userId' in who ? who.userId : null,
          organization_id: 'organizationId' in who ? who.organizationId : null,
          created_at: now(),
        })
        .execute();
    },
    /** A host site holding `keys` (created now), for portals' `identity.hostSiteId`. */
    async hostSite(name: string, keys: DistributiveOmit<HostKey, 'createdAt'>[] = []): Promise<string> {
      const site = await insertHostSite(k, name, now());
      for (const key of keys) await insertHostKey(k, site.id, { ...key, createdAt: now() } as HostKey);
      return site.id;
    },
    async portal(slug: string, typeIds: string[], patch: Partial<PortalConfig> = {}): Promise<Portal> {
      const config = { ...defaultPortalConfig(slug, 'ticket', typeIds), ...patch };
      return insertPortal(k, slug, config, now());
    },
    async ticket(input: Partial<CreateTicketInput> & Pick<CreateTicketInput, 'typeId' | 'requesterId'>) {
      const requester = await k
        .selectFrom('users')
        .select('organization_id')
        .where('id', '=', input.requesterId)
        .executeTakeFirstOrThrow();
      return insertTicket(k, {
        kind: 'ticket',
        projectId: null,
        title: 'A ticket',
        description: 'Something happened.',
        priority: 'medium',
        organizationId: requester.organization_id,
        private: false,
        custom: {},
        followerIds: [],
        actorId: input.requesterId,
        now: now(),
        ...input,
      });
    },
    async follow(ticketId: string, userId: string) {
      await k
        .insertInto('ticket_followers')
        .values({ ticket_id: ticketId, user_id: userId, created_at: now() })
        .execute();
    },
  };

  /** A session for `userId`, as sign-in would mint it; bound to `portalId` when given. */
  async function signIn(userId: string, portalId: string | null = null) {
    const { token } = await mintSession(k, deps.secret, clock, {
      userId,
      portalId,
      kind: portalId ? 'widget' : 'internal',
      ttlSeconds: 3600,
    });
    return token;
  }

  return {
    db: db as Db,
    k,
    app,
    deps,
    clock,
    uploadDir,
    request,
    world,
    signIn,
    async close() {
      await db.dispose();
      rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

export type TestContext = Awaited<ReturnType<typeof createTestContext>>;
