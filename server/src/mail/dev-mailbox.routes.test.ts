import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../env.js';
import { startServer } from '../main.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { insertMessage } from '../tickets/tickets.repository.js';
import { createOutboxWorker } from './outbox-worker.js';
import { enqueueEmail } from './outbox.js';
import { createDevTransport } from './transport.js';

let t: TestContext;
const logged: string[] = [];

beforeAll(async () => {
  t = await createTestContext({ publicUrl: 'https://demo.example', devMailbox: true });
});

afterAll(async () => {
  await t.close();
});

describe('dev mailbox (no SMTP_URL)', () => {
  it('delivers to the database and the console, and lists mail newest first at /dev/mailbox', async () => {
    const typeId = await t.world.ticketType('question', 'Question');
    const portal = await t.world.portal('demo', [typeId], { name: 'Demo Portal' });
    const customer = await t.world.user({ email: 'cleo@customer.example', name: 'Cleo' });
    const agent = await t.world.user({ role: 'agent', email: 'sam@support.example', name: 'Sam' });
    const ticket = await t.world.ticket({ typeId, requesterId: customer, title: 'How do I <export>?' });
    await t.k.deleteFrom('email_outbox').execute();

    const first = await enqueueEmail(
      t.k,
      {
        to: 'cleo@customer.example',
        subject: 'Your code <b>123456</b>',
        text: 'Code 123456\nhttps://demo.example/auth/link?token=abc&x=1\n',
        html: '<p>x</p>',
      },
      t.clock.now().toISOString(),
    );
    await t.k.transaction().execute((trx) =>
      insertMessage(trx, {
        ticketId: ticket.id,
        authorId: agent,
        body: 'Use the Export button.',
        internal: false,
        now: t.clock.now().toISOString(),
      }),
    );
    const worker = createOutboxWorker({
      db: t.db,
      clock: t.clock,
      transport: createDevTransport((line) => logged.push(line)),
      settings: t.deps.settings,
      log: () => undefined,
    });
    expect(await worker.drain()).toBe(2);

    const rows = await t.k.selectFrom('email_outbox').selectAll().orderBy('created_at').execute();
    expect(rows.map((r) => [r.status, r.transport])).toEqual([
      ['sent', 'dev'],
      ['sent', 'dev'],
    ]);
    const notification = rows[1]!;
    expect(notification.subject).toBe(`[Demo Portal] New reply on #${ticket.number}: How do I <export>?`);
    // The console shows each mail with its links.
    const printed = logged.join('\n');
    expect(printed).toContain('[mail] to cleo@customer.example: Your code <b>123456</b>');
    expect(printed).toContain('https://demo.example/auth/link?token=abc&x=1');
    const link = notification.text_body.match(/https:\/\/demo\.example\/\S+/)?.[0];
    expect(link).toBeDefined();
    expect(printed).toContain(link!);
    expect(portal.slug).toBe('demo');

    const list = await t.request<string>('GET', '/dev/mailbox');
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toContain('text/html');
    expect(list.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = list.json;
    // Newest first, each with subject, recipient, time and body; user text escaped.
    expect(html.indexOf('New reply on')).toBeLessThan(html.indexOf('Your code'));
    expect(html).toContain('Your code &lt;b&gt;123456&lt;/b&gt;');
    expect(html).toContain('How do I &lt;export&gt;?');
    expect(html).not.toContain('<export>');
    expect(html).toContain('To cleo@customer.example');
    expect(html).toContain(`<time>${rows[0]!.created_at}</time>`);
    expect(html).toContain('Use the Export button.');
    expect(html).toContain('<a href="https://demo.example/auth/link?token=abc&amp;x=1" rel="noreferrer">');

    const one = await t.request<string>('GET', `/dev/mailbox/${first}`);
    expect(one.status).toBe(200);
    expect(one.json).toContain(`&lt;${first}@demo.example&gt;`);
    expect(one.json).toContain('<iframe sandbox=""');
    expect(one.json).toContain('srcdoc="&lt;p&gt;x&lt;/p&gt;"');
    expect((await t.request('GET', '/dev/mailbox/no-such-mail')).status).toBe(404);
  });

  it('is not served unless settings.devMailbox is on', async () => {
    const plain = await createTestContext();
    try {
      expect((await plain.request('GET', '/dev/mailbox')).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('startServer', () => {
  it('runs the worker: without SMTP_URL mail is delivered to the dev mailbox, which the demo serves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-mail-server-'));
    const server = await startServer(
      parseEnv({
        PORT: '0',
        DATABASE_URL: join(dir, 'tickets.db'),
        UPLOAD_DIR: join(dir, 'uploads'),
        SECRET: 'a-test-secret-of-at-least-32-characters',
        DEMO: '1',
      }),
    );
    try {
      const k = server.deps.db.kysely;
      const id = await enqueueEmail(
        k,
        { to: 'x@example.org', subject: 'Started', text: 'hello', html: 'hello' },
        new Date().toISOString(),
      );
      // Any change through the API wakes the worker; it need not wait for its poll.
      await fetch(`${server.url}/api/v1/nothing-here`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const deadline = Date.now() + 3_000;
      let status = 'pending';
      while (status !== 'sent' && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, 25));
        status = (await k.selectFrom('email_outbox').select('status').where('id', '=', id).executeTakeFirstOrThrow())
          .status;
      }
      expect(status).toBe('sent');
      const page = await fetch(`${server.url}/dev/mailbox`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Started');
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
