import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { User } from '../db/schema.js';
import { ApiError, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { enqueueEmail } from '../mail/outbox.js';
import { findPortalById, findPortalBySlug, type Portal } from '../portals/portals.repository.js';
import {
  consumeCode,
  consumeLink,
  issueSignInCode,
  SIGN_IN_TTL_MS,
  normalizeEmail,
  type ConsumedSignIn,
} from './sign-in-links.js';
import { clientIp, enforceRateLimits, rateLimitsOf } from './rate-limit.js';
import { signInEmail } from './sign-in-email.js';
import {
  ChannelSchema,
  localeFromHeader,
  signInResponse,
  SignInResultSchema,
  startSession,
  type Channel,
} from './sign-in.js';
import { createCustomer, findUserByEmail } from './users.repository.js';

const Slug = z.string().min(1).max(64);
const Email = z.email().max(254);

const StartBody = z
  .strictObject({
    /** The portal to sign in to. Without it, a staff sign-in on the console: only agents and admins get a mail. */
    portal: Slug.optional(),
    email: Email,
    /** Page the emailed link opens, inside the portal (or inside `/console`); anything else is ignored. */
    next: z.string().max(500).optional(),
  })
  .openapi('EmailSignInStart');

const Accepted = z.object({ accepted: z.literal(true) }).openapi('EmailSignInAccepted');

const VerifyBody = z
  .union([
    z.strictObject({
      /** The portal the code was asked for; without it, only a code asked for without a portal (staff) works. */
      portal: Slug.optional(),
      email: Email,
      code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code'),
      channel: ChannelSchema.optional(),
    }),
    z.strictObject({
      token: z.string().regex(/^[A-Za-z0-9_-]{20,200}$/, 'must be the token of a sign-in link'),
      channel: ChannelSchema.optional(),
    }),
  ])
  .openapi('EmailSignInVerify');

const startRoute = createRoute({
  method: 'post',
  path: '/auth/email/start',
  summary:
    'Email a sign-in code and link; the answer is the same whether or not the address is known. ' +
    'Without `portal`, staff sign in to the console: only agent and admin addresses get a mail.',
  request: { body: jsonBody(StartBody) },
  responses: {
    202: jsonResponse(Accepted, 'Accepted (a mail may or may not be sent)'),
    ...errorResponses,
    429: jsonResponse(z.unknown(), 'Too many requests; see Retry-After'),
  },
});

const verifyRoute = createRoute({
  method: 'post',
  path: '/auth/email/verify',
  summary: 'Sign in with the emailed code, or with the token of the emailed link',
  request: { body: jsonBody(VerifyBody) },
  responses: {
    200: jsonResponse(SignInResultSchema, 'Signed in'),
    ...errorResponses,
    429: jsonResponse(z.unknown(), 'Too many requests; see Retry-After'),
  },
});

/** The enabled portal named by `slug`; null without a slug (a staff sign-in on the console). */
async function enabledPortal(c: Context<AppEnv>, slug: string | undefined): Promise<Portal | null> {
  if (slug === undefined) return null;
  const portal = await findPortalBySlug(c.var.deps.db.kysely, slug);
  if (!portal || !portal.config.enabled) throw notFound('portal');
  return portal;
}

/** Whether a sign-in email goes out: to known users, and to new ones where the portal lets them sign up; without a portal, to staff only. */
function mayReceiveSignIn(user: User | undefined, portal: Portal | null): boolean {
  // A deactivated person gets no mail, with the same answer as for an unknown address.
  if (user?.deactivated_at != null) return false;
  if (!portal) return user !== undefined && user.role !== 'customer';
  return user !== undefined || portal.config.selfSignUp;
}

/**
 * Signs in the owner of a just-spent code or link, inside the transaction that
 * spent it: the known user with that address, or a new customer when the
 * portal allows self sign-up. A code or link issued without a portal signs in
 * staff only. Null when none of these.
 */
export async function signInConsumed(
  c: Context<AppEnv>,
  trx: Parameters<typeof startSession>[0],
  consumed: ConsumedSignIn,
  channel: Channel,
) {
  const { deps } = c.var;
  let user: User | undefined = await findUserByEmail(trx, consumed.email);
  if (consumed.portalId === null) {
    // The console: staff only, and never a new account.
    if (!user || user.role === 'customer') return null;
    const session = await startSession(trx, deps, user, null, channel);
    return { session, user, portal: null, nextPath: consumed.nextPath };
  }
  const portal = await findPortalById(trx, consumed.portalId);
  if (!portal || !portal.config.enabled) return null;
  if (!user) {
    if (consumed.purpose !== 'login' || !portal.config.selfSignUp) return null;
    user = await createCustomer(trx, {
      email: consumed.email,
      locale: localeFromHeader(c.req.header('accept-language')),
      now: deps.clock.now().toISOString(),
    });
  }
  const session = await startSession(trx, deps, user, portal, channel);
  return { session, user, portal, nextPath: consumed.nextPath };
}

/** See `AppSettings.signInStartMinMs`: well above the few ms that issuing a code and queueing its mail take. */
const DEFAULT_START_MIN_MS = 150;

/** Resolves once `performance.now()` reaches `deadline`. */
async function holdUntil(deadline: number): Promise<void> {
  const left = deadline - performance.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
}

/** Email sign-in: `/auth/email/start` and `/auth/email/verify`. */
export function emailSignInApp() {
  const app = openApiApp();

  app.openapi(startRoute, async (c) => {
    const started = performance.now();
    const body = c.req.valid('json');
    const { deps } = c.var;
    const limits = rateLimitsOf(deps.settings);
    const email = normalizeEmail(body.email);
    // Counted before anything else, for known and unknown addresses alike.
    await enforceRateLimits(c, [
      { key: `start:ip:${clientIp(c)}`, rule: limits.startPerIp },
      { key: `start:email:${email}`, rule: limits.startPerEmail },
    ]);
    const portal = await enabledPortal(c, body.portal);
    const db = deps.db.kysely;
    const user = await findUserByEmail(db, email);
    if (mayReceiveSignIn(user, portal)) {
      await db.transaction().execute(async (trx) => {
        const now = deps.clock.now().toISOString();
        const issued = await issueSignInCode(trx, deps.secret, deps.settings.publicUrl, {
          portalId: portal?.id ?? null,
          portalSlug: portal?.slug ?? null,
          email,
          next: body.next ?? null,
          now,
        });
        const mail = signInEmail({
          to: user?.email ?? email,
          locale: user?.locale ?? localeFromHeader(c.req.header('accept-language')),
          portal: portal?.config ?? null,
          code: issued.code,
          link: issued.link,
          minutes: SIGN_IN_TTL_MS / 60_000,
        });
        await enqueueEmail(trx, mail, now);
      });
    }
    await holdUntil(started + (deps.settings.signInStartMinMs ?? DEFAULT_START_MIN_MS));
    return c.json({ accepted: true as const }, 202);
  });

  app.openapi(verifyRoute, async (c) => {
    const body = c.req.valid('json');
    const { deps } = c.var;
    const limits = rateLimitsOf(deps.settings);
    const channel = body.channel ?? 'widget';
    const ip = clientIp(c);
    const db = deps.db.kysely;

    if ('code' in body) {
      const email = normalizeEmail(body.email);
      await enforceRateLimits(c, [
        { key: `verify:ip:${ip}`, rule: limits.verifyPerIp },
        { key: `verify:email:${email}`, rule: limits.verifyPerEmail },
      ]);
      const portal = await enabledPortal(c, body.portal);
      // The spent attempt commits even when the code is wrong: the transaction returns null rather than throwing.
      const result = await db.transaction().execute(async (trx) => {
        const consumed = await consumeCode(trx, deps.secret, {
          portalId: portal?.id ?? null,
          email,
          code: body.code,
          now: deps.clock.now().toISOString(),
        });
        return consumed ? signInConsumed(c, trx, consumed, channel) : null;
      });
      if (!result) throw new ApiError(400, 'invalid_code', 'code: wrong, expired or already used.', 'code');
      return c.json(signInResponse(c, result.session, result.user), 200);
    }

    await enforceRateLimits(c, [{ key: `verify:ip:${ip}`, rule: limits.verifyPerIp }]);
    const result = await db.transaction().execute(async (trx) => {
      const consumed = await consumeLink(trx, body.token, deps.clock.now().toISOString());
      return consumed ? signInConsumed(c, trx, consumed, channel) : null;
    });
    if (!result) throw new ApiError(400, 'invalid_token', 'token: expired or already used.', 'token');
    return c.json(signInResponse(c, result.session, result.user), 200);
  });

  return app;
}
