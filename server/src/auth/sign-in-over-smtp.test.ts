import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxWorker, type OutboxWorker } from '../mail/outbox-worker.js';
import { startSmtpPeer, type ReceivedMail, type SmtpPeer } from '../mail/smtp-test-peer.js';
import { createSmtpTransport, type MailTransport } from '../mail/transport.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { insertMessage } from '../tickets/tickets.repository.js';

/*
 * Sign-in end to end, as a customer lives it: the code and the links are read
 * from the emails that actually arrived at a real SMTP server.
 */

const PUBLIC_URL = 'https://help.acme.example';

let t: TestContext;
let peer: SmtpPeer;
let transport: MailTransport;
let worker: OutboxWorker;
let typeId: string;
let alice: string;

beforeAll(async () => {
  t = await createTestContext({ publicUrl: PUBLIC_URL });
  peer = await startSmtpPeer();
  transport = createSmtpTransport(peer.url);
  worker = createOutboxWorker({
    db: t.db,
    clock: t.clock,
    transport,
    settings: t.deps.settings,
    pollIntervalMs: 60_000,
  });
  typeId = await t.world.ticketType('incident');
  await t.world.portal('acme', [typeId]);
  alice = await t.world.user({ email: 'alice@acme.example', name: 'Alice' });
});
afterAll(async () => {
  await worker.stop();
  transport.close();
  await peer.stop();
  await t.close();
});

/** Delivers everything queued and returns the mail that reached `to`, newest last. */
async function deliveredTo(to: string): Promise<ReceivedMail> {
  const before = peer.messages.length;
  await worker.drain();
  const mails = await peer.waitFor(before + 1);
  const mine = mails.filter((m) => m.rcptTo.includes(to));
  expect(mine.length).toBeGreaterThan(0);
  return mine[mine.length - 1]!;
}

function linkIn(mail: ReceivedMail): string {
  const link = /https:\/\/help\.acme\.example\/auth\/link\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  expect(link, mail.text).toBeDefined();
  return link!;
}

/** Opens an emailed link the way a browser does: GET shows the confirm page, only its form POST signs in. */
async function followLink(link: string) {
  const url = new URL(link);
  const page = await t.app.request(`${url.pathname}${url.search}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  expect(token).toBeDefined();
  return t.app.request('/auth/link', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url.origin },
    body: new URLSearchParams({ token: token! }).toString(),
  });
}

function sessionCookie(res: Response): string {
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/^__Host-tp_session=[^;]+;.*HttpOnly/i);
  expect(cookie).toMatch(/Secure/);
  return cookie.split(';')[0]!;
}

describe('sign-in over real SMTP', () => {
  it('signs in the widget with the 6-digit code from the email', async () => {
    const start = await t.request('POST', '/api/v1/auth/email/start', {
      body: { portal: 'acme', email: 'alice@acme.example' },
    });
    expect(start.status).toBe(202);
    const mail = await deliveredTo('alice@acme.example');
    const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
    expect(code, mail.text).toBeDefined();
    const verify = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { portal: 'acme', email: 'alice@acme.example', code },
    });
    expect(verify.status).toBe(200);
    expect(verify.json.user.id).toBe(alice);
    const list = await t.request('GET', '/api/v1/portals/acme/tickets', { token: verify.json.token });
    expect(list.status).toBe(200);
    // The code was spent: a second use is refused.
    const again = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { portal: 'acme', email: 'alice@acme.example', code },
    });
    expect(again.status).toBeGreaterThanOrEqual(400);
  });

  it('signs in the full-screen portal with the link from the same kind of email, once', async () => {
    await t.request('POST', '/api/v1/auth/email/start', { body: { portal: 'acme', email: 'alice@acme.example' } });
    const link = linkIn(await deliveredTo('alice@acme.example'));
    const signedIn = await followLink(link);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toMatch(/^\/p\/acme/);
    const cookie = sessionCookie(signedIn);
    const me = await t.app.request('/api/v1/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { id: string }).id).toBe(alice);
    const token = new URL(link).searchParams.get('token')!;
    const reused = await t.app.request('/auth/link', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PUBLIC_URL },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(reused.status).not.toBe(303);
    expect(reused.headers.get('set-cookie')).toBeNull();
  });

  it("opens the ticket from an agent's reply email, signed in", async () => {
    const agent = await t.world.user({ role: 'agent', name: 'Agent Smith' });
    const ticket = await t.world.ticket({ typeId, requesterId: alice, title: 'Printer offline' });
    await worker.drain();
    await insertMessage(t.k, {
      ticketId: ticket.id,
      authorId: agent,
      body: 'Try turning it off and on.',
      internal: false,
      now: t.clock.now().toISOString(),
    });
    const mail = await deliveredTo('alice@acme.example');
    expect(mail.text).toContain('Try turning it off and on.');
    const signedIn = await followLink(linkIn(mail));
    expect(signedIn.headers.get('location')).toBe(`/p/acme/tickets/${ticket.id}`);
    const cookie = sessionCookie(signedIn);
    const detail = await t.app.request(`/api/v1/portals/acme/tickets/${ticket.id}`, { headers: { cookie } });
    expect(detail.status).toBe(200);
  });
});
