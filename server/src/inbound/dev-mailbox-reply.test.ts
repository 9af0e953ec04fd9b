import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundSettings } from '../app-env.js';
import { createOutboxWorker } from '../mail/outbox-worker.js';
import { createDevTransport } from '../mail/transport.js';
import { renderNotification } from '../notifications/render.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { insertMessage } from '../tickets/tickets.repository.js';
import { createInboundWorker } from './inbound-worker.js';

const inbound: InboundSettings = { domain: 'localhost', maxMessageBytes: 256 * 1024, httpToken: null };
let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({ devMailbox: true, inbound });
});
afterAll(async () => t.close());

describe('the demo: answering a notification from the dev mailbox', () => {
  it('the form sends a real email through the pipeline; the reply lands on the ticket and the mailbox shows it', async () => {
    const typeId = await t.world.ticketType('question');
    await t.world.portal('acme', [typeId]);
    const alice = await t.world.user({ email: 'alice@acme.example', name: 'Alice' });
    const agent = await t.world.user({ role: 'agent', email: 'sam@support.example', name: 'Sam' });
    const ticket = await t.world.ticket({ typeId, requesterId: alice, assigneeId: agent, title: 'Export' });
    await t.k.deleteFrom('email_outbox').execute();
    await insertMessage(t.k, {
      ticketId: ticket.id,
      authorId: agent,
      body: 'Use the Export button.',
      internal: false,
      now: t.clock.now().toISOString(),
    });
    await createOutboxWorker({
      db: t.db,
      clock: t.clock,
      transport: createDevTransport(() => undefined),
      settings: t.deps.settings,
      renderers: {
        notification: (trx, row, ctx) =>
          renderNotification(trx, row, { ...ctx, replies: { domain: 'localhost', secret: t.deps.secret } }),
      },
    }).drain();
    const notification = await t.k
      .selectFrom('email_outbox')
      .selectAll()
      .where('to_address', '=', 'alice@acme.example')
      .executeTakeFirstOrThrow();

    const page = await t.app.request(`/dev/mailbox/${notification.id}`);
    const html = await page.text();
    expect(html).toContain('Reply by email');
    expect(html).toMatch(/to reply\+[a-z2-7]{48}@localhost/);
    // The headers a mail client reads: where a reply goes, and the ticket's thread.
    expect(html).toMatch(/<dt>Reply-To<\/dt><dd>reply\+[a-z2-7]{48}@localhost<\/dd>/);
    expect(html).toContain(`<dt>In-Reply-To</dt><dd>&lt;ticket-${ticket.id}@localhost&gt;</dd>`);
    expect(html).toContain(`<dt>References</dt><dd>&lt;ticket-${ticket.id}@localhost&gt;</dd>`);

    // Another site cannot post it.
    const crossSite = await t.app.request(`/dev/mailbox/${notification.id}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: 'body=spoofed',
    });
    expect(crossSite.status).toBe(403);

    const sent = await t.app.request(`/dev/mailbox/${notification.id}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ body: 'Found it, thank you!' }).toString(),
    });
    expect(sent.status).toBe(303);
    // Written as a mail client would: answering the notification, in the ticket's thread.
    const received = await t.k.selectFrom('inbound_messages').selectAll().executeTakeFirstOrThrow();
    const raw = await t.deps.storage.read(received.storage_key);
    const headers = Buffer.from(await new Response(raw!.stream).arrayBuffer())
      .toString('utf8')
      .split(/\r?\n\r?\n/)[0]!;
    expect(headers).toContain(`In-Reply-To: ${notification.message_id}`);
    expect(headers.replace(/\r?\n[ \t]+/g, ' ')).toContain(
      `References: <ticket-${ticket.id}@localhost> ${notification.message_id}`,
    );
    await createInboundWorker({
      db: t.k,
      storage: t.deps.storage,
      clock: t.clock,
      secret: t.deps.secret,
      settings: t.deps.settings,
    }).drain();
    const bodies = await t.k
      .selectFrom('messages')
      .select(['body', 'author_id'])
      .where('ticket_id', '=', ticket.id)
      .orderBy('created_at')
      .execute();
    expect(bodies).toEqual([
      { body: 'Use the Export button.', author_id: agent },
      { body: 'Found it, thank you!', author_id: alice },
    ]);
    const mailbox = await (await t.app.request('/dev/mailbox')).text();
    expect(mailbox).toContain('Received by email');
    expect(mailbox).toMatch(/alice@acme\.example<\/td><td>Re: [^<]*<\/td><td>done<\/td><td>reply added to #\d+/);
  });
});
