// What the test pages' origin serves besides the tests: the harness server's
// API (so a page there is the full-screen portal on the backend's own origin)
// and a host page under a strict CSP.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Middleware } from '@web/dev-server-core';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'host',
  'upgrade',
]);

/**
 * Answers `/api/` by forwarding to the harness server at `api()` (whose public
 * URL this origin is): a test page at `/p/acme` is then the full-screen portal
 * on the backend's own origin, with its session cookie and passkeys, as
 * `npm start` serves it. Streams both ways (live updates).
 */
export function apiProxy(api: () => string): Middleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/api/')) return next();
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(ctx.request.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const upstream = new AbortController();
    ctx.res.once('close', () => upstream.abort());
    const res = await fetch(`${api()}${ctx.url}`, {
      method: ctx.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
      redirect: 'manual',
      signal: upstream.signal,
    });
    ctx.status = res.status;
    res.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name) && name !== 'set-cookie') ctx.set(name, value);
    });
    const cookies = res.headers.getSetCookie();
    if (cookies.length) ctx.set('set-cookie', cookies);
    // fetch's body is the DOM's ReadableStream type (lib.dom), the same object as node's.
    ctx.body = res.body
      ? Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>).on('error', () => undefined)
      : null;
  };
}

/**
 * `/strict-host.html`: a host page under a strict CSP (SECURITY.md row 21):
 * scripts only from itself and the server, styles only from itself, nothing
 * inline. The first script records violations before the widget loads.
 * Query: `tt=none` also forbids every Trusted Types policy; `twice=1` pastes
 * the tag twice; `identity=<jwt>` signs the host's customer in; `locale=fr`.
 */
export function strictHost(api: () => string): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== '/strict-host.html') return next();
    const server = api();
    const query = (name: string) => (typeof ctx.query[name] === 'string' ? ctx.query[name] : '');
    const tt = query('tt') === 'none' ? "; trusted-types 'none'" : '';
    ctx.set(
      'content-security-policy',
      `default-src 'none'; script-src 'self' ${server}; style-src 'self'; connect-src ${server}; img-src 'self'${tt}`,
    );
    ctx.type = 'html';
    const identity = /^[\w.-]{1,4096}$/.test(query('identity')) ? ` data-identity-token="${query('identity')}"` : '';
    const locale = query('locale') === 'fr' ? ' data-locale="fr"' : '';
    const tag = `<script src="${server}/widget/tickets-portal.js" data-portal="acme"${identity}${locale} async></script>`;
    ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict host</title>
<script src="/widget/test/fixtures/csp-recorder.js"></script>
<link rel="stylesheet" href="/widget/test/fixtures/host.css">
${tag}${query('twice') === '1' ? tag : ''}</head><body><main><h1>Host page</h1><p id="host-text">Our product.</p></main></body></html>`;
  };
}
