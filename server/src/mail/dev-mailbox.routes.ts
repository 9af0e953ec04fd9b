import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { escapeHtml, safeUrl } from './text-safety.js';

/**
 * The dev mailbox (`DEMO=1` without `SMTP_URL`): every email the outbox holds,
 * newest first, so the demo's sign-in and notification links can be followed
 * without a mail server. Mounted at /dev only when `settings.devMailbox` is on:
 * it shows sign-in links to whoever opens it.
 */
export function devMailboxApp() {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    await next();
    // Plain pages with no script; mail HTML is shown in a sandboxed frame that cannot run any either.
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; frame-src 'self'");
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store');
  });

  app.get('/mailbox', async (c) => {
    const rows = await c.var.deps.db.kysely
      .selectFrom('email_outbox')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
    const items = rows
      .map(
        (row) => `<article>
<h2><a href="/dev/mailbox/${encodeURIComponent(row.id)}">${subjectOf(row)}</a></h2>
<p class="meta">To ${escapeHtml(row.to_address)} · <time>${escapeHtml(row.created_at)}</time> · ${escapeHtml(row.status)}${row.transport ? ` via ${escapeHtml(row.transport)}` : ''}</p>
<pre>${linkify(row.text_body)}</pre>
</article>`,
      )
      .join('\n');
    return c.html(page('Dev mailbox', `<h1>Dev mailbox</h1>\n${items || '<p>No mail yet.</p>'}`));
  });

  app.get('/mailbox/:id', async (c) => {
    const row = await c.var.deps.db.kysely
      .selectFrom('email_outbox')
      .selectAll()
      .where('id', '=', c.req.param('id'))
      .executeTakeFirst();
    if (!row) return c.html(page('Not found', '<h1>No such mail</h1><p><a href="/dev/mailbox">Back to the mailbox</a></p>'), 404);
    const body = `<p><a href="/dev/mailbox">← All mail</a></p>
<h1>${subjectOf(row)}</h1>
<dl>
<dt>To</dt><dd>${escapeHtml(row.to_address)}</dd>
<dt>Queued</dt><dd><time>${escapeHtml(row.created_at)}</time></dd>
<dt>Status</dt><dd>${escapeHtml(row.status)}${row.sent_at ? ` at <time>${escapeHtml(row.sent_at)}</time>` : ''}${row.transport ? ` via ${escapeHtml(row.transport)}` : ''}</dd>
<dt>Message-ID</dt><dd>${escapeHtml(row.message_id ?? '—')}</dd>
${row.last_error ? `<dt>Last error</dt><dd>${escapeHtml(row.last_error)}</dd>` : ''}
</dl>
<h2>Text</h2>
<pre>${linkify(row.text_body)}</pre>
<h2>HTML</h2>
<iframe sandbox="" title="HTML version" srcdoc="${escapeHtml(row.html_body)}"></iframe>`;
    return c.html(page(row.subject || 'Mail', body));
  });

  return app;
}

function subjectOf(row: { subject: string }): string {
  return row.subject ? escapeHtml(row.subject) : '<em>(written when sent)</em>';
}

/** Escaped text with its http(s) URLs turned into links. */
function linkify(text: string): string {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return parts
    .map((part, i) => {
      const url = i % 2 === 1 ? safeUrl(part) : null;
      return url ? `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(part)}</a>` : escapeHtml(part);
    })
    .join('');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111827}
article{border-bottom:1px solid #e5e7eb;padding:1rem 0}
h2{font-size:1.1rem;margin:0}
.meta{color:#6b7280;font-size:.9rem}
pre{white-space:pre-wrap;background:#f9fafb;padding:.75rem;border-radius:6px}
iframe{width:100%;height:40rem;border:1px solid #e5e7eb}
dt{font-weight:bold}
</style></head>
<body>
${body}
</body>
</html>`;
}
