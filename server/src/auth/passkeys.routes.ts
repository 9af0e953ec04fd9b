import { createRoute, z } from '@hono/zod-openapi';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Context } from 'hono';
import type { AppEnv, AppSettings } from '../app-env.js';
import { newId } from '../db/ids.js';
import { ApiError, notFound, type ErrorText } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { findPortalById, findPortalBySlug } from '../portals/portals.repository.js';
import {
  advanceCounter,
  credentialRegistered,
  deletePasskey,
  findOwnPasskey,
  findPasskeyWithOwner,
  findRegistrant,
  insertPasskey,
  listCredentials,
  listPasskeys,
  renamePasskey,
  storeChallenge,
  takeChallenge,
} from './passkeys.repository.js';
import { clientIp, enforceRateLimits, rateLimitsOf } from './rate-limit.js';
import { requireAccountSession, requireViewer } from './require-viewer.js';
import { ChannelSchema, signInResponse, SignInResultSchema, startSession } from './sign-in.js';

/** A challenge must be answered within five minutes. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;
const B64url = z
  .string()
  .regex(/^[A-Za-z0-9_-]*$/, 'must be base64url')
  .max(16_384);

// What @simplewebauthn/browser sends; extra members are kept for the library to judge.
const RegistrationResponse = z.looseObject({
  id: B64url.min(1).max(1024),
  rawId: B64url.min(1).max(1024),
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: B64url,
    attestationObject: B64url,
    transports: z.array(z.string().max(20)).max(10).optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).optional(),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

const AuthenticationResponse = z.looseObject({
  id: B64url.min(1).max(1024),
  rawId: B64url.min(1).max(1024),
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: B64url,
    authenticatorData: B64url,
    signature: B64url,
    userHandle: B64url.optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).optional(),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

const PasskeyName = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, 'must not contain control characters');

export const PasskeySchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })
  .openapi('Passkey');
const PasskeyList = z.object({ items: z.array(PasskeySchema), nextCursor: z.null() }).openapi('PasskeyList');
const Options = z.record(z.string(), z.unknown());
const IdParams = z.object({ id: z.string().min(1).max(64) });

const accountGuards = [requireViewer(), requireAccountSession()];

const registerOptionsRoute = createRoute({
  method: 'post',
  path: '/auth/passkeys/register/options',
  summary: 'Options for navigator.credentials.create(); needs a full-screen sign-in of the last 10 minutes',
  middleware: [requireViewer(), requireAccountSession({ recent: true })],
  responses: { 200: jsonResponse(Options, 'PublicKeyCredentialCreationOptionsJSON'), ...errorResponses },
});

const registerVerifyRoute = createRoute({
  method: 'post',
  path: '/auth/passkeys/register/verify',
  summary: 'Store the new passkey after checking its attestation',
  middleware: [requireViewer(), requireAccountSession({ recent: true })],
  request: { body: jsonBody(z.strictObject({ response: RegistrationResponse, name: PasskeyName.optional() })) },
  responses: {
    201: jsonResponse(PasskeySchema, 'The new passkey'),
    ...errorResponses,
    409: jsonResponse(z.unknown(), 'Already registered'),
  },
});

const signInOptionsRoute = createRoute({
  method: 'post',
  path: '/auth/passkeys/login/options',
  summary:
    'Options for navigator.credentials.get(): any discoverable passkey of this site. ' +
    'Without `portal`, a staff sign-in on the console: only agents and admins get through verify.',
  request: { body: jsonBody(z.strictObject({ portal: z.string().min(1).max(64).optional() })) },
  responses: {
    200: jsonResponse(Options, 'PublicKeyCredentialRequestOptionsJSON'),
    ...errorResponses,
    429: jsonResponse(z.unknown(), 'Too many requests'),
  },
});

const signInVerifyRoute = createRoute({
  method: 'post',
  path: '/auth/passkeys/login/verify',
  summary: 'Sign in with a passkey alone (cookie session by default)',
  request: { body: jsonBody(z.strictObject({ response: AuthenticationResponse, channel: ChannelSchema.optional() })) },
  responses: { 200: jsonResponse(SignInResultSchema, 'Signed in'), ...errorResponses },
});

const listRoute = createRoute({
  method: 'get',
  path: '/auth/passkeys',
  summary: 'Your passkeys',
  middleware: accountGuards,
  responses: { 200: jsonResponse(PasskeyList, 'Passkeys'), ...errorResponses },
});

const renameRoute = createRoute({
  method: 'patch',
  path: '/auth/passkeys/{id}',
  summary: 'Rename one of your passkeys',
  middleware: accountGuards,
  request: { params: IdParams, body: jsonBody(z.strictObject({ name: PasskeyName })) },
  responses: { 200: jsonResponse(PasskeySchema, 'The passkey'), ...errorResponses },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/auth/passkeys/{id}',
  summary: 'Delete one of your passkeys',
  middleware: accountGuards,
  request: { params: IdParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

/** The relying party is the backend's own origin (where the full-screen portal runs). */
function relyingParty(settings: AppSettings): { rpID: string; origin: string } {
  const url = new URL(settings.publicUrl);
  return { rpID: url.hostname, origin: url.origin };
}

/** The challenge a client answered, read from its clientDataJSON; null when unreadable. */
function answeredChallenge(clientDataJSON: string): string | null {
  try {
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    const challenge =
      typeof data === 'object' && data !== null ? (data as { challenge?: unknown }).challenge : undefined;
    return typeof challenge === 'string' && challenge.length > 0 && challenge.length <= 200 ? challenge : null;
  } catch {
    return null;
  }
}

/** When a challenge issued now stops being accepted. */
function challengeLifetime(now: Date): [Date, Date] {
  return [now, new Date(now.getTime() + CHALLENGE_TTL_MS)];
}

function toPasskey(row: { id: string; name: string; created_at: string; last_used_at: string | null }) {
  return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at };
}

function parseTransports(value: string | null): AuthenticatorTransportFuture[] | undefined {
  if (!value) return undefined;
  try {
    const list: unknown = JSON.parse(value);
    return Array.isArray(list)
      ? list.filter((t): t is AuthenticatorTransportFuture => (TRANSPORTS as readonly unknown[]).includes(t))
      : undefined;
  } catch {
    return undefined;
  }
}

function refused(message: ErrorText = 'The passkey was refused.'): ApiError {
  return new ApiError(401, 'passkey_refused', message);
}

async function ownPasskeyOr404(c: Context<AppEnv>, id: string) {
  const row = await findOwnPasskey(c.var.deps.db.kysely, c.var.viewer.userId, id);
  if (!row) throw notFound('passkey');
  return row;
}

/** Passkeys: registration after a recent sign-in, sign-in with a passkey alone, and managing your own. */
export function passkeysApp() {
  const app = openApiApp();

  app.openapi(registerOptionsRoute, async (c) => {
    const { deps, viewer } = c.var;
    const db = deps.db.kysely;
    const user = await findRegistrant(db, viewer.userId);
    const existing = await listCredentials(db, user.id);
    const portal = viewer.portalId ? await findPortalById(db, viewer.portalId) : null;
    const { rpID } = relyingParty(deps.settings);
    const options = await generateRegistrationOptions({
      rpName: portal?.config.name ?? 'Tickets Portal',
      rpID,
      userName: user.email,
      userDisplayName: user.name,
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      timeout: CHALLENGE_TTL_MS,
      excludeCredentials: existing.map((p) => ({ id: p.credential_id, transports: parseTransports(p.transports) })),
      // Discoverable, so the passkey alone signs in; verified, so it is a second factor in itself.
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    await storeChallenge(
      db,
      options.challenge,
      'register',
      { userId: user.id, portalId: viewer.portalId },
      ...challengeLifetime(deps.clock.now()),
    );
    return c.json(options as unknown as Record<string, unknown>, 200);
  });

  app.openapi(registerVerifyRoute, async (c) => {
    const { response, name } = c.req.valid('json');
    const { deps, viewer } = c.var;
    const db = deps.db.kysely;
    const now = deps.clock.now().toISOString();
    const challenge = answeredChallenge(response.response.clientDataJSON);
    const taken = challenge ? await takeChallenge(db, challenge, 'register', now) : null;
    if (!challenge || !taken || taken.user_id !== viewer.userId)
      throw new ApiError(400, 'invalid_challenge', 'response: unknown, expired or used challenge.', 'response');
    const { rpID, origin } = relyingParty(deps.settings);
    let info;
    try {
      const verification = await verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: true,
      });
      info = verification.verified ? verification.registrationInfo : null;
    } catch {
      info = null;
    }
    if (!info) throw new ApiError(400, 'invalid_passkey', 'response: the passkey could not be verified.', 'response');
    if (await credentialRegistered(db, info.credential.id))
      throw new ApiError(409, 'conflict', 'This passkey is already registered.');
    const row = {
      id: newId(),
      user_id: viewer.userId,
      credential_id: info.credential.id,
      public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
      counter: info.credential.counter,
      transports: response.response.transports
        ? JSON.stringify(response.response.transports.filter((t) => (TRANSPORTS as readonly string[]).includes(t)))
        : null,
      name: name ?? 'Passkey',
      created_at: now,
      last_used_at: null,
    };
    await insertPasskey(db, row);
    return c.json(toPasskey(row), 201);
  });

  app.openapi(signInOptionsRoute, async (c) => {
    const { deps } = c.var;
    const db = deps.db.kysely;
    // Each call stores a row: limited per IP like the other unauthenticated sign-in steps.
    await enforceRateLimits(c, [{ key: `verify:ip:${clientIp(c)}`, rule: rateLimitsOf(deps.settings).verifyPerIp }]);
    const slug = c.req.valid('json').portal;
    const portal = slug === undefined ? null : await findPortalBySlug(db, slug);
    if (slug !== undefined && !portal?.config.enabled) throw notFound('portal');
    const { rpID } = relyingParty(deps.settings);
    const options = await generateAuthenticationOptions({
      rpID,
      userVerification: 'required',
      timeout: CHALLENGE_TTL_MS,
    });
    // A challenge of no portal is the console's: it signs in staff only (see verify).
    await storeChallenge(
      db,
      options.challenge,
      'login',
      { userId: null, portalId: portal?.id ?? null },
      ...challengeLifetime(deps.clock.now()),
    );
    return c.json(options as unknown as Record<string, unknown>, 200);
  });

  app.openapi(signInVerifyRoute, async (c) => {
    const { response, channel } = c.req.valid('json');
    const { deps } = c.var;
    const db = deps.db.kysely;
    const now = deps.clock.now().toISOString();
    const challenge = answeredChallenge(response.response.clientDataJSON);
    const taken = challenge ? await takeChallenge(db, challenge, 'login', now) : null;
    if (!challenge || !taken) throw refused('The sign-in challenge is unknown, expired or already used.');
    const found = await findPasskeyWithOwner(db, response.id);
    if (!found) throw refused();
    const { passkey, user } = found;
    // The console (no portal) is for agents and admins; a customer's passkey signs in through a portal.
    if (taken.portal_id === null && user.role === 'customer') throw refused();
    // A discoverable credential names its user; it must be the passkey's owner.
    if (
      response.response.userHandle !== undefined &&
      response.response.userHandle !== Buffer.from(passkey.user_id).toString('base64url')
    ) {
      throw refused();
    }
    const { rpID, origin } = relyingParty(deps.settings);
    let newCounter: number;
    try {
      const verification = await verifyAuthenticationResponse({
        response: response as unknown as AuthenticationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        credential: {
          id: passkey.credential_id,
          publicKey: new Uint8Array(Buffer.from(passkey.public_key, 'base64url')),
          counter: Number(passkey.counter),
          transports: parseTransports(passkey.transports),
        },
        requireUserVerification: true,
      });
      if (!verification.verified || !verification.authenticationInfo.userVerified) throw refused();
      newCounter = verification.authenticationInfo.newCounter;
    } catch {
      throw refused();
    }
    const portal = taken.portal_id === null ? null : await findPortalById(db, taken.portal_id);
    if (taken.portal_id !== null && !portal?.config.enabled) throw notFound('portal');
    const result = await db.transaction().execute(async (trx) => {
      if (!(await advanceCounter(trx, passkey.id, Number(passkey.counter), newCounter, now))) return null;
      return { user, session: await startSession(trx, deps, user, portal, channel ?? 'cookie') };
    });
    if (!result) throw refused();
    return c.json(signInResponse(c, result.session, result.user), 200);
  });

  app.openapi(listRoute, async (c) => {
    const rows = await listPasskeys(c.var.deps.db.kysely, c.var.viewer.userId);
    return c.json({ items: rows.map(toPasskey), nextCursor: null }, 200);
  });

  app.openapi(renameRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { name } = c.req.valid('json');
    const row = await ownPasskeyOr404(c, id);
    await renamePasskey(c.var.deps.db.kysely, row.id, name);
    return c.json(toPasskey({ ...row, name }), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const row = await ownPasskeyOr404(c, c.req.valid('param').id);
    await deletePasskey(c.var.deps.db.kysely, row.id);
    return c.body(null, 204);
  });

  return app;
}
