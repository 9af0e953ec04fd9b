// The widget tests' server: a real app (createApp) on a temp database, served on
// a free port, with a small world in it and sessions minted for its customers.
// Started by plugins/commands.ts; the tests get its facts through the
// `tp-world` server command. Nothing here adds routes to the product app.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { SignJWT } from 'jose';
import { keyedHash } from '../../server/src/auth/secrets.js';
import { issueRefreshToken, mintSession } from '../../server/src/auth/sessions.js';
import { newId } from '../../server/src/db/ids.js';
import { defaultPortalConfig } from '../../server/src/portals/portal-config.js';
import { insertPortal } from '../../server/src/portals/portals.repository.js';
import { createTestContext } from '../../server/src/testing/test-context.js';
import { insertMessage, setStatus } from '../../server/src/tickets/tickets.repository.js';

/** What the tests know about the world. */
export interface World {
  api: string;
  /** `dana` has a world of her own: tests that change tickets (live updates) make hers, leaving the shared ones alone. */
  tokens: { alice: string; aliceTasks: string; bob: string; carol: string; emptyUser: string; dana: string };
  /** A staff session (bearer) of Ada Admin, the second member of the team (no portal). */
  staffTokens: { ada: string };
  /**
   * `agent` and `admin` are staff (Sam Support, Ada Admin): the console signs them in without a portal;
   * `ticketAgent` (Ines Agent) is the agent of the console's ticket page tests.
   */
  emails: { alice: string; newcomer: string; passkey: string; agent: string; admin: string; ticketAgent: string };
  tickets: { printer: string; xss: string; closed: string; bobs: string; task: string };
  typeKeys: string[];
  /** The largest upload the server accepts (kept small so a too-large file is cheap to send). */
  maxUploadBytes: number;
}

/** What a host site's backend puts in an identity token (see `identityToken`). */
export interface HostClaims {
  sub: string;
  email?: string;
  name?: string;
  /** Sign with a key the portal does not know. */
  wrongKey?: boolean;
}

/** A widget session as sign-in would leave it: a bearer token and a refresh token. */
export interface ShortSession {
  token: string;
  refreshToken: string;
}

const MAX_UPLOAD_BYTES = 256 * 1024;
/** The host site's HS256 key for identity tokens on the `acme` portal. */
const HOST_KEY = { kid: 'host-2026', alg: 'HS256' as const, secret: 'host-site-secret-host-site-secret-0123' };

/**
 * `allowedOrigin` is the test pages' origin. It is also the server's public URL:
 * plugins/host-pages.ts (apiProxy) forwards that origin's `/api/` to this server, so a
 * page there is the full-screen portal on the backend's own origin (the
 * passkeys' relying party, the session cookie's site).
 */

export async function startHarness(allowedOrigin: string) {
  // The suite signs staff in on the console many times from one address: sign-in rate limits
  // have their own server tests (auth/), and here they would only make later files fail.
  const generous = { limit: 10_000, windowSeconds: 60 };
  const ctx = await createTestContext({
    maxUploadBytes: MAX_UPLOAD_BYTES,
    publicUrl: allowedOrigin,
    rateLimits: { startPerEmail: generous, startPerIp: generous, verifyPerEmail: generous, verifyPerIp: generous },
  });
  const { world, k } = ctx;
  const now = () => ctx.clock.now().toISOString();
  const incident = await world.ticketType('incident', 'Incident');
  const question = await world.ticketType('question', 'Question');
  const org = await world.organization('Acme Corp');
  const alice = await world.user({ organizationId: org, email: 'alice@acme.test', name: 'Alice Martin' });
  const bob = await world.user({ organizationId: org, email: 'bob@acme.test', name: 'Bob Stone' });
  const carol = await world.user({ organizationId: org, email: 'carol@acme.test', name: 'Carol Dupont' });
  // Namesakes in Alice's organization: sharing by name must add the one she picks.
  await world.user({ organizationId: org, email: 'sam.lee@acme.test', name: 'Sam Lee' });
  await world.user({ organizationId: org, email: 'samuel.lee@acme.test', name: 'Sam Lee' });
  const emptyUser = await world.user({ email: 'empty@example.test', name: 'Erin Empty' });
  const dana = await world.user({ email: 'dana@example.test', name: 'Dana Live' });
  // Signs in by email and registers passkeys in full screen (passkeys.test.ts): no one else uses her.
  const pia = await world.user({ email: 'pia@example.test', name: 'Pia Passkey' });
  const agent = await world.user({ role: 'agent', email: 'agent@support.test', name: 'Sam Support' });
  // The console's second member of the team: people pages (only an admin edits people), "someone else is on this ticket".
  const ada = await world.user({ role: 'admin', email: 'admin@support.test', name: 'Ada Admin' });
  // The agent of the console's ticket page tests (sign-ins are rate-limited per address: not Sam's).
  await world.user({ role: 'agent', email: 'ines@support.test', name: 'Ines Agent' });

  await k
    .insertInto('custom_fields')
    .values({
      id: newId(),
      key: 'browser',
      label: 'Browser',
      type: 'select',
      options: JSON.stringify(['Chrome', 'Firefox', 'Safari']),
      type_ids: JSON.stringify([incident]),
      required: 1,
      position: 0,
      created_at: now(),
    })
    .execute();

  const base = defaultPortalConfig('Acme Support', 'ticket', [incident, question]);
  const portal = await insertPortal(
    k,
    'acme',
    {
      ...base,
      allowedOrigins: [allowedOrigin],
      timesheets: true,
      // Issue 12: closed and resolved tickets ask for a rating.
      satisfaction: true,
      identity: { hostSiteId: await world.hostSite('Acme shop', [HOST_KEY]), trustEmail: true, audience: null },
      detailProperties: [
        ...base.detailProperties,
        { property: 'percent_complete', editable: true },
        { property: 'due_date', editable: true },
        { property: 'custom:browser', editable: true },
      ],
      branding: {
        // Every color differs from the widget's defaults (branding.test.ts tells them apart in every view).
        light: {
          logoUrl: null,
          mainColor: '#c2410c',
          mainTextColor: '#fff7ed',
          secondaryButtonColor: '#fde68a',
          bodyColor: '#fffbeb',
        },
        dark: {
          logoUrl: null,
          mainColor: '#fdba74',
          mainTextColor: '#1c1917',
          secondaryButtonColor: '#44403c',
          bodyColor: '#1c1917',
        },
      },
    },
    now(),
  );
  const tasksPortal = await insertPortal(
    k,
    'tasks',
    { ...defaultPortalConfig('Acme Tasks', 'task', [incident]), allowedOrigins: [allowedOrigin] },
    now(),
  );

  const printer = await world.ticket({
    typeId: incident,
    requesterId: alice,
    title: 'Printer on floor 2 jams',
    description: 'Every second page.',
    priority: 'high',
    custom: { browser: 'Chrome' },
  });
  await insertMessage(k, {
    ticketId: printer.id,
    authorId: agent,
    body: 'We are sending a technician.',
    internal: false,
    now: now(),
  });
  await insertMessage(k, {
    ticketId: printer.id,
    authorId: agent,
    body: 'INTERNAL: printer is ancient',
    internal: true,
    now: now(),
  });
  const xss = await world.ticket({
    typeId: question,
    requesterId: alice,
    title: '<img src=x onerror="window.__pwned=1"> \u202Etxt.exe',
    description: '<script>window.__pwned=1</script> [x](javascript:alert(1))',
  });
  const closed = await world.ticket({ typeId: question, requesterId: alice, title: 'Old question', status: 'closed' });
  const bobs = await world.ticket({ typeId: question, requesterId: bob, title: 'Bob shares with the org' });
  const task = await world.ticket({ typeId: incident, requesterId: alice, title: 'Migrate the wiki', kind: 'task' });

  const server = await new Promise<ServerType>((done) => {
    const s = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
  });
  const port = (server.address() as AddressInfo).port;
  const state: World = {
    api: `http://127.0.0.1:${port}`,
    tokens: {
      alice: await ctx.signIn(alice, portal.id),
      aliceTasks: await ctx.signIn(alice, tasksPortal.id),
      bob: await ctx.signIn(bob, portal.id),
      carol: await ctx.signIn(carol, portal.id),
      emptyUser: await ctx.signIn(emptyUser, portal.id),
      dana: await ctx.signIn(dana, portal.id),
    },
    staffTokens: { ada: await ctx.signIn(ada) },
    emails: {
      alice: 'alice@acme.test',
      newcomer: 'newcomer@example.test',
      passkey: 'pia@example.test',
      agent: 'agent@support.test',
      admin: 'admin@support.test',
      ticketAgent: 'ines@support.test',
    },
    tickets: { printer: printer.id, xss: xss.id, closed: closed.id, bobs: bobs.id, task: task.id },
    typeKeys: ['incident', 'question'],
    maxUploadBytes: MAX_UPLOAD_BYTES,
  };
  const users: Record<string, string> = { alice, bob, carol, dana, pia };

  return {
    world: state,
    /** The 6-digit code of the latest sign-in email to `to`, read from the outbox like a mailbox would. */
    async lastCode(to: string): Promise<string | null> {
      const rows = await k
        .selectFrom('email_outbox')
        .select(['text_body'])
        .where('to_address', '=', to)
        .orderBy('created_at', 'desc')
        .execute();
      // Ticket notifications go to the same address; the sign-in email is the one with a code line.
      for (const row of rows) {
        const code = /^\s+(\d{6})\s*$/m.exec(row.text_body)?.[1];
        if (code) return code;
      }
      return null;
    },
    /** A new ticket of Dana's (a question), so a test may change it freely; answers its id. */
    async newTicket(title: string): Promise<string> {
      return (await world.ticket({ typeId: question, requesterId: dana, title })).id;
    },
    /** An agent answers on a ticket, as the help desk would: the live-update stream sees the event. */
    async agentReply(ticketId: string, body: string): Promise<void> {
      await insertMessage(k, { ticketId, authorId: agent, body, internal: false, now: now() });
    },
    /** An agent moves a ticket to `status`. */
    async setStatus(ticketId: string, status: string): Promise<void> {
      const ticket = await k
        .selectFrom('tickets')
        .select(['id', 'status'])
        .where('id', '=', ticketId)
        .executeTakeFirstOrThrow();
      await setStatus(k, ticket, status, status === 'closed' || status === 'resolved', agent, now());
    },
    /**
     * A widget session for `user` whose bearer token lives `tokenSeconds` (by the
     * server's clock), with its refresh token: what the widget keeps after sign-in.
     */
    async shortSession(user: string, tokenSeconds: number): Promise<ShortSession> {
      const minted = await mintSession(k, ctx.deps.secret, ctx.clock, {
        userId: users[user]!,
        portalId: portal.id,
        kind: 'widget',
        ttlSeconds: 3600,
        tokenTtlSeconds: tokenSeconds,
      });
      return {
        token: minted.token,
        refreshToken: await issueRefreshToken(k, ctx.deps.secret, minted.sessionId, ctx.clock.now()),
      };
    },
    /**
     * An identity token as the host site's backend would sign it for its
     * customer: HS256 with the portal's key, `aud` the portal, five minutes.
     */
    async identityToken(claims: HostClaims): Promise<string> {
      const iat = Math.floor(ctx.clock.now().getTime() / 1000);
      const secret = claims.wrongKey ? 'not-the-host-key-not-the-host-key-000000' : HOST_KEY.secret;
      return new SignJWT({ ...(claims.email && { email: claims.email }), ...(claims.name && { name: claims.name }) })
        .setProtectedHeader({ alg: 'HS256', kid: HOST_KEY.kid })
        .setSubject(claims.sub)
        .setAudience('acme')
        .setIssuedAt(iat)
        .setExpirationTime(iat + 300)
        .sign(new TextEncoder().encode(secret));
    },
    /** Makes `user`'s live full-screen (cookie) sessions eleven minutes old: no longer a recent sign-in. */
    async ageCookieSessions(user: string): Promise<number> {
      const old = new Date(ctx.clock.now().getTime() - 11 * 60_000).toISOString();
      const result = await k
        .updateTable('sessions')
        .set({ created_at: old })
        .where('user_id', '=', users[user]!)
        .where('kind', '=', 'cookie')
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    /** Moves the server's clock on (every session here lives an hour, so a few seconds end only short tokens). */
    advanceClock(ms: number): void {
      ctx.clock.advance(ms);
    },
    /** Whether `refreshToken` has been traded in (one use only: a second would end the session). */
    async refreshTokenSpent(refreshToken: string): Promise<boolean> {
      const row = await k
        .selectFrom('refresh_tokens')
        .select('used_at')
        .where('token_hash', '=', keyedHash(ctx.deps.secret, 'refresh', refreshToken))
        .executeTakeFirst();
      return row?.used_at != null;
    },
    async stop() {
      await new Promise<void>((done) => server.close(() => done()));
      await ctx.close();
    },
  };
}
