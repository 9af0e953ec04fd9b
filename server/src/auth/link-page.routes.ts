import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AppEnv } from '../app-env.js';
import { limitBody } from '../http/guards.js';
import { openApiApp } from '../http/openapi-app.js';
import { findPortalById } from '../portals/portals.repository.js';
import { signInConsumed } from './email.routes.js';
import { linkPageBrand, linkPageHeader, linkPageStyle } from './link-page.style.js';
import { consumeLink, peekLink, safeNextPath } from './sign-in-links.js';
import { clientIp, enforceRateLimits, rateLimitsOf } from './rate-limit.js';
import { localeFromHeader, setSessionCookie } from './sign-in.js';

// A link token as it appears in the URL; anything else is simply not a usable link.
const Token = z.string().max(200);

const htmlResponse = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

const confirmRoute = createRoute({
  method: 'get',
  path: '/auth/link',
  summary: 'Confirm page of an emailed sign-in link; opening it spends nothing (mail scanners open links)',
  request: { query: z.object({ token: Token.optional() }) },
  responses: { 200: htmlResponse('The confirm page'), 400: htmlResponse('Unusable link') },
});

const consumeRoute = createRoute({
  method: 'post',
  path: '/auth/link',
  summary:
    'Spend the link: sets the session cookie and redirects inside the portal (or the console, for a staff sign-in)',
  middleware: [limitBody(4096)],
  request: {
    body: {
      required: true,
      content: { 'application/x-www-form-urlencoded': { schema: z.object({ token: Token }) } },
    },
  },
  responses: {
    303: { description: 'Signed in; redirect to the page the link was for' },
    400: htmlResponse('Unusable link'),
    403: htmlResponse('Posted from another site (login CSRF); the link is not spent'),
  },
});

const STRINGS = {
  en: {
    title: 'Sign in',
    confirm: (portal: string) => `Continue to ${portal}?`,
    console: 'the support console',
    button: 'Sign in',
    invalid: 'This sign-in link does not work.',
    again: 'Ask for a new one from the portal.',
    expired: 'This sign-in link has expired.',
    used: 'This sign-in link was already used.',
    next: (portal: string) =>
      `Each link works once, for a limited time. Open ${portal} and enter your email address: we will send you a new link and code.`,
    newLink: 'Get a new link',
    crossSite: 'This sign-in was not confirmed on this site.',
    reopen: 'Open the link from your email again.',
  },
  fr: {
    title: 'Connexion',
    confirm: (portal: string) => `Continuer vers ${portal} ?`,
    console: 'la console de support',
    button: 'Se connecter',
    invalid: 'Ce lien de connexion ne fonctionne pas.',
    again: 'Demandez-en un nouveau depuis le portail.',
    expired: 'Ce lien de connexion a expiré.',
    used: 'Ce lien de connexion a déjà servi.',
    next: (portal: string) =>
      `Chaque lien ne sert qu’une fois, pendant un temps limité. Ouvrez ${portal} et saisissez votre adresse e-mail : nous vous enverrons un nouveau lien et un nouveau code.`,
    newLink: 'Recevoir un nouveau lien',
    crossSite: 'Cette connexion n’a pas été confirmée sur ce site.',
    reopen: 'Ouvrez à nouveau le lien de votre e-mail.',
  },
} as const;

/** Whose page it is when the link names no portal (a staff sign-in, an unusable link). */
const PRODUCT = 'Tickets Portal';

/** Markup built with hono's `html` template, which escapes every interpolated string. */
type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A small page with no script and no style at all, so the strictest CSP holds. */
function page(
  c: Context<AppEnv>,
  status: 200 | 400 | 403,
  lang: 'en' | 'fr',
  title: string,
  body: Html,
  brand = linkPageBrand(null, PRODUCT),
) {
  // One stylesheet in the portal's colors, allowed by its own hash: still no script, no other style.
  const style = linkPageStyle(brand);
  const images = brand.logoUrl ? '; img-src https: http:' : '';
  c.header(
    'content-security-policy',
    `default-src 'none'; style-src ${style.cspSource}${images}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  );
  // The token is in this page's URL: a Referer may carry our origin, never the path (so the form's
  // POST still sends a real `Origin`, unlike under `no-referrer`), and the page is never cached.
  c.header('referrer-policy', 'strict-origin');
  c.header('cache-control', 'no-store');
  c.header('x-content-type-options', 'nosniff');
  return c.html(
    html`<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"><title>${title}</title><style>${raw(style.css)}</style></head>
<body>
<main>
${linkPageHeader(brand)}
<div class="body">
${body}
</div>
</main>
</body>
</html>
`,
    status,
  );
}

/** A token never issued (or long pruned), or whose portal is switched off: no brand to wear, nowhere to send. */
function invalidPage(c: Context<AppEnv>) {
  const lang = localeFromHeader(c.req.header('accept-language'));
  const t = STRINGS[lang];
  return page(c, 400, lang, t.title, html`<h1>${t.invalid}</h1>\n<p>${t.again}</p>`);
}

/**
 * Why a known link no longer signs in (expired or used), in its portal's
 * brand, with the next step: the portal's sign-in (at the page the link was
 * for, so signing in there still lands on it), or the console's for staff.
 */
async function spentPage(c: Context<AppEnv>, token: string | undefined) {
  const { deps } = c.var;
  const found = token ? await peekLink(deps.db.kysely, token, deps.clock.now().toISOString()) : null;
  const portal = found?.portalId ? await findPortalById(deps.db.kysely, found.portalId) : null;
  if (!found || (found.portalId && !portal?.config.enabled)) return invalidPage(c);
  const lang = localeFromHeader(c.req.header('accept-language'));
  const t = STRINGS[lang];
  const destination = portal ? portal.config.name : t.console;
  const again = safeNextPath(found.nextPath, portal?.slug ?? null);
  return page(
    c,
    400,
    lang,
    t.title,
    html`<h1>${found.state === 'used' ? t.used : t.expired}</h1>
<p>${t.next(destination)}</p>
<a class="button" href="${again}">${t.newLink}</a>`,
    linkPageBrand(portal?.config ?? null, PRODUCT),
  );
}

/** Another site posted the form: refused without spending the link, which still works from the email. */
function crossSitePage(c: Context<AppEnv>) {
  const lang = localeFromHeader(c.req.header('accept-language'));
  const t = STRINGS[lang];
  return page(c, 403, lang, t.title, html`<h1>${t.crossSite}</h1>\n<p>${t.reopen}</p>`);
}

/**
 * True when the browser says the form was posted from another site (login
 * CSRF). Fetch metadata decides: `Sec-Fetch-Site: same-origin` (our own
 * confirm page) or `none` (the user's own navigation) passes, `same-site` and
 * `cross-site` do not. `Origin` cannot decide alone: Chromium sends
 * `Origin: null` for a form posted from a page whose referrer policy is
 * `no-referrer`. Only a browser without fetch metadata falls back to it: a
 * missing `Origin` (not a browser) passes, anything but our own origin does not.
 */
export function crossSite(
  headers: { secFetchSite: string | undefined; origin: string | undefined },
  publicUrl: string,
): boolean {
  const site = headers.secFetchSite?.trim().toLowerCase();
  if (site !== undefined && site !== '') return site !== 'same-origin' && site !== 'none';
  if (headers.origin === undefined) return false;
  return headers.origin !== new URL(publicUrl).origin;
}

/** `GET/POST /auth/link`: the emailed link's confirm page and the sign-in it confirms. */
export function linkPageApp() {
  const app = openApiApp();

  app.openapi(confirmRoute, async (c) => {
    const { token } = c.req.valid('query');
    const { deps } = c.var;
    const found = token ? await peekLink(deps.db.kysely, token, deps.clock.now().toISOString()) : null;
    // A link without a portal is a staff sign-in on the console.
    const portal = found?.portalId ? await findPortalById(deps.db.kysely, found.portalId) : null;
    if (!token || !found || (found.portalId && !portal?.config.enabled)) return invalidPage(c);
    if (found.state !== 'usable') return spentPage(c, token);
    const lang = localeFromHeader(c.req.header('accept-language'));
    const t = STRINGS[lang];
    const destination = portal ? portal.config.name : t.console;
    return page(
      c,
      200,
      lang,
      t.title,
      html`<h1>${t.confirm(destination)}</h1>
<form method="post" action="/auth/link">
<input type="hidden" name="token" value="${token}">
<button type="submit">${t.button}</button>
</form>`,
      linkPageBrand(portal?.config ?? null, PRODUCT),
    );
  });

  app.openapi(consumeRoute, async (c) => {
    const origin = { secFetchSite: c.req.header('sec-fetch-site'), origin: c.req.header('origin') };
    if (crossSite(origin, c.var.deps.settings.publicUrl)) return crossSitePage(c);
    const { token } = c.req.valid('form');
    const { deps } = c.var;
    await enforceRateLimits(c, [{ key: `verify:ip:${clientIp(c)}`, rule: rateLimitsOf(deps.settings).verifyPerIp }]);
    const result = await deps.db.kysely.transaction().execute(async (trx) => {
      const consumed = await consumeLink(trx, token, deps.clock.now().toISOString());
      return consumed ? signInConsumed(c, trx, consumed, 'cookie') : null;
    });
    if (!result) return spentPage(c, token);
    setSessionCookie(c, result.session.token, result.session.expiresAt);
    c.header('cache-control', 'no-store');
    return c.redirect(safeNextPath(result.nextPath, result.portal?.slug ?? null), 303);
  });

  return app;
}
