import { Hono } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { AppEnv } from '../app-env.js';
import { acceptInbound } from '../inbound/inbound-store.js';
import { listRecentInbound } from '../inbound/inbound.repository.js';
import { findEmail, listRecentEmails } from './outbox.js';
import type { ThreadHeaders } from './templates.js';
import { headerText, safeUrl } from './text-safety.js';

/** Markup built with hono's `html` template, which escapes every interpolated string. */
type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * The dev mailbox (`DEMO=1` without `SMTP_URL`): every email the outbox holds,
 * newest first, so the demo's sign-in and notification links can be followed
 * without a mail server. Mounted at /dev only when `settings.devMailbox` is on:
 * it shows sign-in links to whoever opens it.
 *
 * With email in on (always in the demo), a notification can be answered from
 * its page: the form writes the reply as a real MIME email, as a mail client
 * would (the quoted notification below the new text), and hands it to the
 * inbound pipeline like any transport; the page lists what came in and what
 * became of it.
 */
export function devMailboxApp() {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    await next();
    // Plain pages with no script; mail HTML is shown in a sandboxed frame that cannot run any either.
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; frame-src 'self'",
    );
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store');
  });

  app.get('/mailbox', async (c) => {
    const rows = await listRecentEmails(c.var.deps.db.kysely, 200);
    const items = rows.map(
      (row) => html`<article>
<h2><a href="/dev/mailbox/${encodeURIComponent(row.id)}">${subjectOf(row)}</a></h2>
<p class="meta">To ${row.to_address} · <time>${row.created_at}</time> · ${row.status}${row.transport ? ` via ${row.transport}` : ''}</p>
<pre>${linkify(row.text_body)}</pre>
</article>
`,
    );
    const inbound = await listRecentInbound(c.var.deps.db.kysely, 20);
    const received = inbound.length
      ? html`<h2 class="section">Received by email</h2>
<table><tr><th>When</th><th>From</th><th>Subject</th><th>Status</th><th>What happened</th></tr>
${inbound.map(
  (row) =>
    html`<tr><td><time>${row.received_at}</time></td><td>${row.sender ?? '—'}</td><td>${row.subject ?? '—'}</td><td>${row.status}</td><td>${row.reason ?? ''}</td></tr>
`,
)}</table>`
      : '';
    return c.html(
      page(
        'Dev mailbox',
        html`<h1>Dev mailbox</h1>
${received}
<h2 class="section">Sent</h2>
${items.length ? items : html`<p>No mail yet.</p>`}`,
      ),
    );
  });

  app.post('/mailbox/:id/reply', async (c) => {
    // A form of this page only: a browser posting from elsewhere says so.
    const site = c.req.header('sec-fetch-site');
    if (site && site !== 'same-origin')
      return c.html(page('Refused', html`<h1>Refused</h1><p>Replies are sent from this page only.</p>`), 403);
    const { db, storage, clock, settings } = c.var.deps;
    const row = await findEmail(db.kysely, c.req.param('id'));
    const replyTo = row ? threadHeaders(row.headers)?.replyTo : undefined;
    if (!row || !replyTo || !settings.inbound)
      return c.html(page('Not found', html`<h1>This mail cannot be answered</h1>`), 404);
    const form = await c.req.parseBody();
    const text = typeof form.body === 'string' ? form.body.trim() : '';
    if (!text)
      return c.html(
        page('Empty reply', html`<h1>Write something first</h1><p><a href="javascript:history.back()">Back</a></p>`),
        400,
      );
    const quoted = row.text_body
      .split(/\r?\n/)
      .map((line) => `> ${line}`)
      .join('\n');
    const raw = await new MailComposer({
      from: row.to_address,
      to: replyTo,
      subject: `Re: ${headerText(row.subject, 200)}`,
      // As a mail client answers: In-Reply-To the email, References its thread and the email.
      ...(row.message_id
        ? { inReplyTo: row.message_id, references: [...(threadHeaders(row.headers)?.references ?? []), row.message_id] }
        : {}),
      // Laid out as Gmail does: the new text, then "On …, … wrote:" and the quoted email.
      text: `${text}\n\nOn ${row.sent_at ?? row.created_at}, Support wrote:\n${quoted}\n`,
    })
      .compile()
      .build();
    await acceptInbound(
      { db: db.kysely, storage, now: () => clock.now(), maxMessageBytes: settings.inbound.maxMessageBytes },
      raw,
      { transport: 'dev', from: row.to_address, to: [replyTo] },
    );
    c.var.deps.inbound?.wake();
    return c.redirect('/dev/mailbox', 303);
  });

  app.get('/mailbox/:id', async (c) => {
    const row = await findEmail(c.var.deps.db.kysely, c.req.param('id'));
    if (!row)
      return c.html(
        page('Not found', html`<h1>No such mail</h1><p><a href="/dev/mailbox">Back to the mailbox</a></p>`),
        404,
      );
    const body = html`<p><a href="/dev/mailbox">← All mail</a></p>
<h1>${subjectOf(row)}</h1>
<dl>
<dt>To</dt><dd>${row.to_address}</dd>
<dt>Queued</dt><dd><time>${row.created_at}</time></dd>
<dt>Status</dt><dd>${row.status}${row.sent_at ? html` at <time>${row.sent_at}</time>` : ''}${row.transport ? ` via ${row.transport}` : ''}</dd>
<dt>Message-ID</dt><dd>${row.message_id ?? '—'}</dd>
${threadHeaderList(threadHeaders(row.headers))}${row.last_error ? html`<dt>Last error</dt><dd>${row.last_error}</dd>` : ''}
</dl>
<h2>Text</h2>
<pre>${linkify(row.text_body)}</pre>
<h2>HTML</h2>
<iframe sandbox="" title="HTML version" srcdoc="${row.html_body}"></iframe>
${replyForm(row)}`;
    return c.html(page(row.subject || 'Mail', body));
  });

  return app;
}

function threadHeaders(text: string | null): ThreadHeaders | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as ThreadHeaders;
  } catch {
    return undefined;
  }
}

/** Reply-To, In-Reply-To and References as the email carried them, when it did. */
function threadHeaderList(headers: ThreadHeaders | undefined): Html | '' {
  if (!headers) return '';
  const item = (name: string, value: string | undefined) => (value ? html`<dt>${name}</dt><dd>${value}</dd>\n` : '');
  return html`${item('Reply-To', headers.replyTo)}${item('In-Reply-To', headers.inReplyTo)}${item('References', headers.references?.join(' '))}`;
}

/** The "reply by email" form of a notification that can be answered (it has a Reply-To). */
function replyForm(row: { id: string; to_address: string; headers: string | null }): Html | '' {
  const replyTo = threadHeaders(row.headers)?.replyTo;
  if (!replyTo) return '';
  return html`<h2>Reply by email</h2>
<form method="post" action="/dev/mailbox/${encodeURIComponent(row.id)}/reply">
<p class="meta">From ${row.to_address} to ${replyTo}: sent as a real email (this one quoted below your text) through the inbound pipeline.</p>
<label for="reply-body">Your reply</label>
<textarea id="reply-body" name="body" rows="5" required></textarea>
<p><button type="submit">Send reply</button></p>
</form>`;
}

function subjectOf(row: { subject: string }): Html | string {
  return row.subject ? row.subject : html`<em>(written when sent)</em>`;
}

/** The text with its http(s) URLs turned into links; `html` escapes the rest. */
function linkify(text: string): Html {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return html`${parts.map((part, i) => {
    const url = i % 2 === 1 ? safeUrl(part) : null;
    return url ? html`<a href="${url}" rel="noreferrer">${part}</a>` : part;
  })}`;
}

function page(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111827}
article{border-bottom:1px solid #e5e7eb;padding:1rem 0}
h2{font-size:1.1rem;margin:0}
.meta{color:#6b7280;font-size:.9rem}
pre{white-space:pre-wrap;background:#f9fafb;padding:.75rem;border-radius:6px}
iframe{width:100%;height:40rem;border:1px solid #e5e7eb}
dt{font-weight:bold}
textarea{width:100%;font:inherit;padding:.5rem;box-sizing:border-box}
label{display:block;font-weight:bold;margin:.5rem 0}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:0;background:#2563eb;color:#fff;cursor:pointer}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #e5e7eb;padding:.4rem;text-align:left;vertical-align:top}
.section{margin-top:2rem}
</style></head>
<body>
${body}
</body>
</html>`;
}
