import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxWorker, type OutboxWorker } from '../mail/outbox-worker.js';
import { startSmtpPeer, type ReceivedMail, type SmtpPeer } from '../mail/smtp-test-peer.js';
import { createSmtpTransport, type MailTransport } from '../mail/transport.js';
import { defaultPortalConfig } from '../portals/portal-config.js';
import { updatePortalConfig, type Portal } from '../portals/portals.repository.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { addFollowers, insertMessage, recordEvent, setStatus } from '../tickets/tickets.repository.js';

const PUBLIC_URL = 'https://help.acme.example';

let t: TestContext;
let peer: SmtpPeer;
let transport: MailTransport;
let worker: OutboxWorker;
let typeId: string;
let hiddenTypeId: string;
let portal: Portal;
let alice: string; // requester (Acme)
let bob: string; // Acme colleague, follows some tickets
let dora: string; // French-speaking Acme customer
let outsider: string; // another organization
let agentA: string;
let agentB: string;
let admin: string;
let aliceToken: string;
let bobToken: string;

const now = () => t.clock.now().toISOString();

/** Runs `action`, delivers what it queued through the real SMTP peer, and returns the mail by recipient. */
async function mailFrom(action: () => Promise<unknown>): Promise<Map<string, ReceivedMail>> {
  await t.k.deleteFrom('email_outbox').execute();
  peer.messages.length = 0;
  await action();
  const queued = await t.k.selectFrom('email_outbox').select('id').execute();
  await worker.drain();
  const mails = await peer.waitFor(queued.length);
  const byRecipient = new Map<string, ReceivedMail>();
  for (const mail of mails) {
    expect(mail.rcptTo).toHaveLength(1);
    expect(byRecipient.has(mail.rcptTo[0]!)).toBe(false); // one email per person per event
    byRecipient.set(mail.rcptTo[0]!, mail);
  }
  return byRecipient;
}

const emailOf = async (id: string) =>
  (await t.k.selectFrom('users').select('email').where('id', '=', id).executeTakeFirstOrThrow()).email;
const recipients = async (mails: Map<string, ReceivedMail>) => [...mails.keys()].sort();
const emails = async (...ids: string[]) => (await Promise.all(ids.map(emailOf))).sort();

async function ticketFor(
  requesterId: string,
  extra: { assigneeId?: string | null; followerIds?: string[]; typeId?: string } = {},
) {
  // Built by the repository as an agent would; its `created` mail is not what these tests look at.
  await t.k.deleteFrom('email_outbox').execute();
  const ticket = await t.world.ticket({ typeId, requesterId, title: 'Cannot log in', ...extra });
  await t.k.deleteFrom('email_outbox').execute();
  return ticket;
}

async function agentReply(ticketId: string, authorId: string, body: string, internal = false) {
  return t.k.transaction().execute((trx) => insertMessage(trx, { ticketId, authorId, body, internal, now: now() }));
}

/** The action link of a received mail's text part. */
function linkIn(mail: ReceivedMail): string {
  const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
  expect(links).toHaveLength(1);
  return links[0]!;
}

beforeAll(async () => {
  t = await createTestContext({ publicUrl: PUBLIC_URL });
  peer = await startSmtpPeer();
  transport = createSmtpTransport(peer.url);
  worker = createOutboxWorker({ db: t.db, clock: t.clock, transport, settings: t.deps.settings, log: () => undefined });
  typeId = await t.world.ticketType('incident', 'Incident');
  hiddenTypeId = await t.world.ticketType('internal-audit', 'Internal audit');
  const base = defaultPortalConfig('Acme Help', 'ticket', [typeId]);
  portal = await t.world.portal('acme', [typeId], {
    name: 'Acme Help',
    branding: { ...base.branding, light: { ...base.branding.light, mainColor: '#c2410c', mainTextColor: '#fffbeb' } },
  });
  const acme = await t.world.organization('Acme', 'acme.example');
  const globex = await t.world.organization('Globex', 'globex.example');
  alice = await t.world.user({ organizationId: acme, email: 'alice@acme.example', name: 'Alice' });
  bob = await t.world.user({ organizationId: acme, email: 'bob@acme.example', name: 'Bob' });
  dora = await t.world.user({ organizationId: acme, email: 'dora@acme.example', name: 'Dora', locale: 'fr' });
  outsider = await t.world.user({ organizationId: globex, email: 'olga@globex.example', name: 'Olga' });
  agentA = await t.world.user({ role: 'agent', email: 'agent.a@support.example', name: 'Agent A' });
  agentB = await t.world.user({ role: 'agent', email: 'agent.b@support.example', name: 'Agent B' });
  admin = await t.world.user({ role: 'admin', email: 'admin@support.example', name: 'Admin' });
  aliceToken = await t.signIn(alice, portal.id);
  bobToken = await t.signIn(bob, portal.id);
});

beforeEach(async () => {
  // Portal settings some tests change.
  await updatePortalConfig(t.k, portal.id, portal.config, now());
});

afterAll(async () => {
  transport.close();
  await peer.stop();
  await t.close();
});

describe('notification rules (issue 3, point 6)', () => {
  it("an agent's reply emails the requester and the followers, with a one-time link to the ticket in the portal", async () => {
    const ticket = await ticketFor(alice, { followerIds: [bob] });
    const mails = await mailFrom(() => agentReply(ticket.id, agentA, 'Please try again now.'));

    expect(await recipients(mails)).toEqual(await emails(alice, bob));
    const mail = mails.get('alice@acme.example')!;
    expect(mail.subject).toBe(`[Acme Help] New reply on #${ticket.number}: Cannot log in`);
    expect(mail.text).toContain('Please try again now.');
    expect(mail.text).toContain('Agent A');
    // Portal name and main color.
    expect(mail.html).toContain('Acme Help');
    expect(mail.html).toContain('background:#c2410c');

    // Each link is a fresh one-time sign-in link that opens this ticket in the full-screen portal.
    const link = linkIn(mail);
    expect(link.startsWith(`${PUBLIC_URL}/`)).toBe(true);
    expect(linkIn(mails.get('bob@acme.example')!)).not.toBe(link);
    const tokens = await t.k
      .selectFrom('login_tokens')
      .selectAll()
      .where('purpose', '=', 'notification')
      .where('email', '=', 'alice@acme.example')
      .execute();
    expect(tokens.some((row) => row.portal_id === portal.id && row.next_path === `/p/acme/tickets/${ticket.id}`)).toBe(
      true,
    );
  });

  it('a status change emails the requester and the followers', async () => {
    const ticket = await ticketFor(alice, { followerIds: [bob] });
    const mails = await mailFrom(() =>
      t.k.transaction().execute((trx) => setStatus(trx, ticket, 'in_progress', false, agentB, now())),
    );
    expect(await recipients(mails)).toEqual(await emails(alice, bob));
    const mail = mails.get('bob@acme.example')!;
    expect(mail.subject).toBe(`[Acme Help] #${ticket.number} is now in progress: Cannot log in`);
    expect(mail.text).toContain('Status: open → in progress');
  });

  it('a ticket resolved where the portal asks for ratings invites the customer to rate it; not once rated, nor elsewhere (issue 12)', async () => {
    const resolve = async (ticket: Awaited<ReturnType<typeof ticketFor>>) =>
      mailFrom(() => t.k.transaction().execute((trx) => setStatus(trx, ticket, 'resolved', true, agentB, now())));
    const plain = await resolve(await ticketFor(alice));
    expect(plain.get('alice@acme.example')!.text).toContain('Open the ticket');
    expect(plain.get('alice@acme.example')!.text).not.toContain('Rate this ticket');

    await updatePortalConfig(t.k, portal.id, { ...portal.config, satisfaction: true }, now());
    try {
      const asked = await resolve(await ticketFor(alice));
      const mail = asked.get('alice@acme.example')!;
      expect(mail.text).toContain('How did we do? Rate this ticket');
      expect(linkIn(mail)).toMatch(/^https:\/\/help\.acme\.example\//);

      const rated = await ticketFor(alice);
      await t.k
        .insertInto('ticket_ratings')
        .values({ ticket_id: rated.id, rating: 'good', comment: '', user_id: alice, created_at: now() })
        .execute();
      expect((await resolve(rated)).get('alice@acme.example')!.text).not.toContain('Rate this ticket');
    } finally {
      await updatePortalConfig(t.k, portal.id, portal.config, now());
    }
  });

  it("a customer's message emails the assignee, the requester and every other follower (defect 5)", async () => {
    const ticket = await ticketFor(alice, { assigneeId: agentB, followerIds: [bob] });
    const mails = await mailFrom(async () => {
      const res = await t.request('POST', `/api/v1/portals/acme/tickets/${ticket.id}/messages`, {
        token: aliceToken,
        body: { body: 'Still broken <b>here</b>.' },
      });
      expect(res.status).toBe(201);
    });
    // Not Alice: her own message.
    expect(await recipients(mails)).toEqual(await emails(agentB, bob));
    const mail = mails.get('agent.b@support.example')!;
    expect(mail.subject).toBe(`[Acme Help] New message on #${ticket.number}: Cannot log in`);
    expect(mail.text).toContain('Still broken <b>here</b>.');
    expect(mail.html).toContain('Still broken &lt;b&gt;here&lt;/b&gt;.');
    // Agents are sent to the ticket in the console, not through a customer sign-in link.
    expect(linkIn(mail)).toBe(`${PUBLIC_URL}/console/tickets/${ticket.id}`);
    // Bob gets the customer version: the message and a one-time link into the portal.
    const bobMail = mails.get('bob@acme.example')!;
    expect(bobMail.subject).toBe(`[Acme Help] New message on #${ticket.number}: Cannot log in`);
    expect(bobMail.text).toContain('Still broken <b>here</b>.');
    expect(bobMail.text).toContain('Alice');
    expect(linkIn(bobMail).startsWith(`${PUBLIC_URL}/auth/link?token=`)).toBe(true);
  });

  it("a follower's message on an unassigned ticket emails every agent (and admin) and the requester (defect 5)", async () => {
    const ticket = await ticketFor(alice, { followerIds: [bob] });
    const mails = await mailFrom(async () => {
      const res = await t.request('POST', `/api/v1/portals/acme/tickets/${ticket.id}/messages`, {
        token: bobToken,
        body: { body: 'Me too.' },
      });
      expect(res.status).toBe(201);
    });
    // Not Bob: his own action.
    expect(await recipients(mails)).toEqual(await emails(agentA, agentB, admin, alice));
  });

  it("a customer's status change emails the support side and the other followers (defect 5)", async () => {
    const ticket = await ticketFor(alice, { assigneeId: agentA, followerIds: [bob, dora] });
    const closed = await mailFrom(async () => {
      const res = await t.request('POST', `/api/v1/portals/acme/tickets/${ticket.id}/close`, { token: bobToken });
      expect(res.status).toBe(200);
    });
    expect(await recipients(closed)).toEqual(await emails(agentA, alice, dora));
    expect(closed.get('alice@acme.example')!.subject).toBe(
      `[Acme Help] #${ticket.number} is now closed: Cannot log in`,
    );
    expect(linkIn(closed.get('agent.a@support.example')!)).toContain('/console/tickets/');

    // Reopened by the requester on an unassigned ticket: every agent hears of it.
    await t.k.updateTable('tickets').set({ assignee_id: null }).where('id', '=', ticket.id).execute();
    const reopened = await mailFrom(async () => {
      const res = await t.request('POST', `/api/v1/portals/acme/tickets/${ticket.id}/reopen`, { token: aliceToken });
      expect(res.status).toBe(200);
    });
    expect(await recipients(reopened)).toEqual(await emails(agentA, agentB, admin, bob, dora));
  });

  it("an agent's status change or reply reaches staff followers too, never the author", async () => {
    const ticket = await ticketFor(alice, { assigneeId: agentA, followerIds: [bob, agentB] });
    const status = await mailFrom(() =>
      t.k.transaction().execute((trx) => setStatus(trx, ticket, 'waiting', false, agentA, now())),
    );
    expect(await recipients(status)).toEqual(await emails(agentB, alice, bob));
    const reply = await mailFrom(() => agentReply(ticket.id, agentB, 'Any news?'));
    expect(await recipients(reply)).toEqual(await emails(alice, bob));
  });

  it('a ticket staff open for a customer emails that customer too (defect 5)', async () => {
    const mails = await mailFrom(() =>
      t.world.ticket({
        typeId,
        requesterId: alice,
        assigneeId: agentB,
        actorId: agentA,
        title: 'Opened for you',
        followerIds: [bob],
      }),
    );
    expect(await recipients(mails)).toEqual(await emails(agentB, alice, bob));
    expect(mails.get('alice@acme.example')!.subject).toMatch(/^\[Acme Help\] New ticket #\d+: Opened for you$/);
    expect(linkIn(mails.get('alice@acme.example')!).startsWith(`${PUBLIC_URL}/auth/link?token=`)).toBe(true);
    expect(mails.get('bob@acme.example')!.subject).toMatch(/was shared with you/);
  });

  it('a new ticket emails every agent when unassigned, and only the assignee otherwise', async () => {
    const created = await mailFrom(async () => {
      const res = await t.request('POST', '/api/v1/portals/acme/tickets', {
        token: aliceToken,
        body: { typeId, title: 'VPN down', description: 'Since 9am.' },
      });
      expect(res.status).toBe(201);
    });
    expect(await recipients(created)).toEqual(await emails(agentA, agentB, admin));
    const mail = created.get('agent.a@support.example')!;
    expect(mail.subject).toMatch(/^\[Acme Help\] New ticket #\d+: VPN down$/);
    expect(mail.text).toContain('Since 9am.');

    const assigned = await mailFrom(() =>
      t.world.ticket({ typeId, requesterId: alice, assigneeId: agentA, title: 'Assigned' }),
    );
    expect(await recipients(assigned)).toEqual(await emails(agentA));
  });

  it('nobody is emailed about their own action', async () => {
    // An agent who follows the ticket replies: the requester hears of it, the agent does not.
    const ticket = await ticketFor(alice, { followerIds: [agentA] });
    const reply = await mailFrom(() => agentReply(ticket.id, agentA, 'On it.'));
    expect(await recipients(reply)).toEqual(await emails(alice));

    // The requester closes her own ticket: the support side and the other followers are told, not her.
    await t.k.transaction().execute((trx) => addFollowers(trx, ticket.id, [bob], now()));
    const closed = await mailFrom(async () => {
      const res = await t.request('POST', `/api/v1/portals/acme/tickets/${ticket.id}/close`, { token: aliceToken });
      expect(res.status).toBe(200);
    });
    expect(await recipients(closed)).toEqual(await emails(agentA, agentB, admin, bob));
    // The agent follower gets the agent version, with the admin link.
    expect(linkIn(closed.get('agent.a@support.example')!)).toContain('/console/tickets/');
  });

  it('sharing a ticket emails the people added', async () => {
    const ticket = await ticketFor(alice);
    const mails = await mailFrom(async () => {
      const res = await t.request('POST', `/api/v1/portals/acme/tickets/${ticket.id}/followers`, {
        token: aliceToken,
        body: { email: 'dora@acme.example' },
      });
      expect(res.status).toBe(201);
    });
    expect(await recipients(mails)).toEqual(await emails(dora));
    expect(mails.get('dora@acme.example')!.subject).toBe(
      `[Acme Help] #${ticket.number} a été partagé avec vous : Cannot log in`,
    );

    // People named when the ticket is opened are told too; the team gets its usual new-ticket email.
    const opened = await mailFrom(async () => {
      const res = await t.request('POST', '/api/v1/portals/acme/tickets', {
        token: aliceToken,
        body: { typeId, title: 'Shared from the start', followers: ['bob@acme.example'] },
      });
      expect(res.status).toBe(201);
    });
    expect(await recipients(opened)).toEqual(await emails(agentA, agentB, admin, bob));
    expect(opened.get('bob@acme.example')!.subject).toMatch(
      /^\[Acme Help\] #\d+ was shared with you: Shared from the start$/,
    );
    expect(linkIn(opened.get('bob@acme.example')!).startsWith(`${PUBLIC_URL}/`)).toBe(true);
    expect(opened.get('agent.a@support.example')!.subject).toMatch(/New ticket/);
  });
});

describe('internal notes never reach a customer (SECURITY row 6)', () => {
  it('go to the assignee and staff followers only', async () => {
    const ticket = await ticketFor(alice, { assigneeId: agentB, followerIds: [bob, admin] });
    const mails = await mailFrom(() => agentReply(ticket.id, agentA, 'SECRET: customer is on the old plan', true));
    expect(await recipients(mails)).toEqual(await emails(agentB, admin));
    for (const mail of mails.values()) expect(mail.subject).toContain('Internal note');
    for (const customer of await emails(alice, bob)) expect(mails.has(customer)).toBe(false);

    // Unassigned and followed by customers only: nobody at all.
    const quiet = await ticketFor(alice, { followerIds: [bob] });
    const none = await mailFrom(() => agentReply(quiet.id, agentA, 'SECRET again', true));
    expect(none.size).toBe(0);
  });

  it('a notification row that would carry an internal note to a customer is cancelled, not sent', async () => {
    const ticket = await ticketFor(alice);
    await t.k.deleteFrom('email_outbox').execute();
    peer.messages.length = 0;
    // Forge what a buggy rule could queue: the requester, for an internal note.
    const messageId = await t.k.transaction().execute(async (trx) => {
      const id = await insertMessage(trx, {
        ticketId: ticket.id,
        authorId: agentA,
        body: 'SECRET',
        internal: true,
        now: now(),
      });
      await trx.deleteFrom('email_outbox').execute();
      return id;
    });
    const event = await t.k
      .selectFrom('ticket_events')
      .select('id')
      .where('ticket_id', '=', ticket.id)
      .where('type', '=', 'internal_note')
      .executeTakeFirstOrThrow();
    for (const category of ['internal_note', 'agent_reply']) {
      await t.k
        .insertInto('email_outbox')
        .values({
          id: `${event.id.slice(0, 30)}-${category}`,
          kind: 'notification',
          to_address: 'alice@acme.example',
          recipient_user_id: alice,
          payload: JSON.stringify({ ticketId: ticket.id, eventId: event.id, category, messageId }),
          subject: '',
          text_body: '',
          html_body: '',
          status: 'pending',
          attempts: 0,
          next_attempt_at: now(),
          last_error: null,
          created_at: now(),
          sent_at: null,
        })
        .execute();
    }
    expect(await worker.drain()).toBe(0);
    const rows = await t.k.selectFrom('email_outbox').selectAll().execute();
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    expect(rows.every((r) => !r.text_body.includes('SECRET'))).toBe(true);
    expect(peer.messages).toHaveLength(0);
  });
});

describe('who can be emailed about a ticket', () => {
  it('skips customers no enabled portal shows the ticket to', async () => {
    // A type no portal shows: the customer side hears nothing, even the requester.
    const hidden = await ticketFor(alice, { typeId: hiddenTypeId, followerIds: [outsider] });
    const mails = await mailFrom(() => agentReply(hidden.id, agentA, 'Done.'));
    expect(mails.size).toBe(0);

    // A follower from another organization still sees it (followed) and is emailed; the portal being disabled stops all.
    const ticket = await ticketFor(alice, { followerIds: [outsider] });
    const visible = await mailFrom(() => agentReply(ticket.id, agentA, 'Done.'));
    expect(await recipients(visible)).toEqual(await emails(alice, outsider));
    await updatePortalConfig(t.k, portal.id, { ...portal.config, enabled: false }, now());
    const disabled = await mailFrom(() => agentReply(ticket.id, agentA, 'Done again.'));
    expect(disabled.size).toBe(0);
  });

  /** The worker's one send goes to Alice; Bob's queued row is cancelled, not sent. */
  async function expectOnlyAliceSentBobCancelled(): Promise<void> {
    expect(await worker.drain()).toBe(1);
    const mails = await peer.waitFor(1);
    expect(mails.map((m) => m.rcptTo[0])).toEqual(['alice@acme.example']);
    const bobRow = await t.k
      .selectFrom('email_outbox')
      .selectAll()
      .where('recipient_user_id', '=', bob)
      .executeTakeFirstOrThrow();
    expect(bobRow.status).toBe('cancelled');
  }

  it('re-checks access when sending: a customer who lost access in between gets nothing', async () => {
    const ticket = await ticketFor(alice, { followerIds: [bob] });
    await t.k.deleteFrom('email_outbox').execute();
    peer.messages.length = 0;
    await agentReply(ticket.id, agentA, 'Queued while Bob could still see it.');
    expect(await t.k.selectFrom('email_outbox').select('id').execute()).toHaveLength(2);
    // Bob stops following (SECURITY row 4) before the worker runs.
    await t.k.deleteFrom('ticket_followers').where('ticket_id', '=', ticket.id).where('user_id', '=', bob).execute();
    await t.k.updateTable('tickets').set({ private: 1 }).where('id', '=', ticket.id).execute();
    await expectOnlyAliceSentBobCancelled();
  });

  it('sends nothing to someone deactivated after the email was queued', async () => {
    const ticket = await ticketFor(alice, { followerIds: [bob] });
    await t.k.deleteFrom('email_outbox').execute();
    peer.messages.length = 0;
    await agentReply(ticket.id, agentA, 'Queued while Bob was still active.');
    await t.k.updateTable('users').set({ deactivated_at: now() }).where('id', '=', bob).execute();
    try {
      await expectOnlyAliceSentBobCancelled();
    } finally {
      await t.k.updateTable('users').set({ deactivated_at: null }).where('id', '=', bob).execute();
    }
  });

  it('other events (time logged, follower removed, …) email nobody', async () => {
    const ticket = await ticketFor(alice, { followerIds: [bob] });
    const mails = await mailFrom(() =>
      t.k.transaction().execute(async (trx) => {
        await recordEvent(trx, {
          ticketId: ticket.id,
          actorId: agentA,
          type: 'time_logged',
          data: { minutes: 5 },
          now: now(),
        });
        await recordEvent(trx, {
          ticketId: ticket.id,
          actorId: agentA,
          type: 'follower_removed',
          data: { userId: bob },
          now: now(),
        });
      }),
    );
    expect(mails.size).toBe(0);
  });
});

describe('templates', () => {
  it("writes in the recipient's language: French for a French user, English for the others", async () => {
    const ticket = await ticketFor(dora, { followerIds: [alice] });
    const mails = await mailFrom(() => agentReply(ticket.id, agentA, 'Voilà, c’est réparé.'));
    const fr = mails.get('dora@acme.example')!;
    expect(fr.subject).toBe(`[Acme Help] Nouvelle réponse sur #${ticket.number} : Cannot log in`);
    expect(fr.text).toContain('Agent A a répondu sur');
    expect(fr.text).toContain('Ouvrir le ticket');
    expect(fr.text).toContain('Voilà, c’est réparé.');
    expect(fr.html).toContain('<html lang="fr">');
    expect(fr.html).toContain('Ouvrir le ticket');
    const en = mails.get('alice@acme.example')!;
    expect(en.subject).toBe(`[Acme Help] New reply on #${ticket.number}: Cannot log in`);
    expect(en.html).toContain('<html lang="en">');
    expect(en.text).toContain('Open the ticket');

    const status = await mailFrom(() =>
      t.k.transaction().execute((trx) => setStatus(trx, ticket, 'closed', true, agentA, now())),
    );
    expect(status.get('dora@acme.example')!.subject).toBe(
      `[Acme Help] #${ticket.number} est maintenant fermé : Cannot log in`,
    );
  });

  it('escapes whatever users typed in the HTML version', async () => {
    const ticket = await t.world.ticket({ typeId, requesterId: alice, title: '<script>alert(1)</script>' });
    await t.k.deleteFrom('email_outbox').execute();
    await t.k
      .updateTable('users')
      .set({ name: 'Agent "<img src=x onerror=alert(2)>"' })
      .where('id', '=', agentB)
      .execute();
    try {
      const mails = await mailFrom(() => agentReply(ticket.id, agentB, '<a href="javascript:alert(3)">click</a>'));
      const mail = mails.get('alice@acme.example')!;
      expect(mail.html).not.toMatch(/<script|<img|<a href="javascript/i);
      expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(mail.html).toContain('&lt;img src=x onerror=alert(2)&gt;');
      expect(mail.html).toContain('&lt;a href=&quot;javascript:alert(3)&quot;&gt;click&lt;/a&gt;');
      expect(mail.subject).toContain('<script>alert(1)</script>'); // a subject is text, not HTML
    } finally {
      await t.k.updateTable('users').set({ name: 'Agent B' }).where('id', '=', agentB).execute();
    }
  });
});
