import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Executor } from '../db/executor.js';
import type { User } from '../db/schema.js';
import { ApiError, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { hostKeys } from '../host-sites/host-sites.repository.js';
import { findPortalBySlug } from '../portals/portals.repository.js';
import { verifyIdentityToken, type HostIdentity } from './identity.js';
import { ChannelSchema, localeFromHeader, signInResponse, SignInResultSchema, startSession } from './sign-in.js';
import { createCustomer, findUserByEmail, findUserByExternalId, setExternalId } from './users.repository.js';

const IdentityBody = z
  .strictObject({
    portal: z.string().min(1).max(64),
    identityToken: z.string().min(1).max(8192),
    channel: ChannelSchema.optional(),
  })
  .openapi('IdentitySignIn');

const identityRoute = createRoute({
  method: 'post',
  path: '/auth/identity',
  summary: "Sign in with a JWT the host site's backend signed for its customer",
  request: { body: jsonBody(IdentityBody) },
  responses: { 200: jsonResponse(SignInResultSchema, 'Signed in'), ...errorResponses },
});

function refused(): ApiError {
  return new ApiError(401, 'invalid_identity', 'The identity token was refused.', 'identityToken');
}

/**
 * The customer a host identity names. Host ids are namespaced by host site
 * (`<host site id>:<sub>`): the same `sub` is the same customer on every
 * portal that trusts that host site, and one host's `sub` can never name
 * another host's customer. Only customers sign in this way: a host must not
 * be able to vouch for an agent.
 */
async function customerFor(
  trx: Executor,
  hostSiteId: string,
  identity: HostIdentity,
  locale: string,
  now: string,
): Promise<User | null> {
  const externalId = `${hostSiteId}:${identity.subject}`;
  let user = await findUserByExternalId(trx, externalId);
  if (!user && identity.email) {
    const byEmail = await findUserByEmail(trx, identity.email);
    if (byEmail) {
      if (byEmail.role !== 'customer' || (byEmail.external_id !== null && byEmail.external_id !== externalId))
        return null;
      await setExternalId(trx, byEmail.id, externalId);
      user = { ...byEmail, external_id: externalId };
    }
  }
  if (!user) {
    // Without a trusted address the customer still needs a unique one; `.invalid` never resolves (RFC 2606).
    const email =
      identity.email ?? `host-${createHash('sha256').update(externalId).digest('hex').slice(0, 32)}@identity.invalid`;
    user = await createCustomer(trx, { email, name: identity.name ?? undefined, locale, externalId, now });
  }
  return user.role === 'customer' && user.deactivated_at === null ? user : null;
}

/** Host identity sign-in: `/auth/identity`. */
export function identitySignInApp() {
  return openApiApp().openapi(identityRoute, async (c) => {
    const body = c.req.valid('json');
    const { deps } = c.var;
    const db = deps.db.kysely;
    const portal = await findPortalBySlug(db, body.portal);
    if (!portal || !portal.config.enabled) throw notFound('portal');
    const hostSiteId = portal.config.identity.hostSiteId;
    if (hostSiteId === null) throw refused();
    const identity = await verifyIdentityToken(
      portal,
      await hostKeys(db, hostSiteId),
      body.identityToken,
      deps.clock.now(),
    );
    if (!identity) throw refused();
    const locale = localeFromHeader(c.req.header('accept-language'));
    const signIn = () =>
      db.transaction().execute(async (trx) => {
        const user = await customerFor(trx, hostSiteId, identity, locale, deps.clock.now().toISOString());
        if (!user) return null;
        return { user, session: await startSession(trx, deps, user, portal, body.channel ?? 'widget') };
      });
    // Two first sign-ins of one new customer race to create them; the loser finds the winner's row on retry.
    const result = await signIn().catch(() => signIn());
    if (!result) throw refused();
    return c.json(signInResponse(c, result.session, result.user), 200);
  });
}
