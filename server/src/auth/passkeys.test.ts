import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { sessionCookieOf } from './auth.test-helpers.js';
import { mintSession } from './sessions.js';

const PUBLIC_URL = 'https://support.example.test';
const ORIGIN = PUBLIC_URL;
const RP_ID = 'support.example.test';

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

/**
 * A software passkey: a real P-256 key pair from node:crypto that produces the
 * attestation (fmt "none") and assertion objects a browser would pass on.
 */
class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  counter = 0;
  userHandle: string | undefined;

  constructor(readonly rpId = RP_ID) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  /** The public key as a COSE_Key map: EC2, ES256, P-256. */
  private coseKey(): Uint8Array {
    const jwk = this.publicKey.export({ format: 'jwk' });
    const x = new Uint8Array(Buffer.from(jwk.x!, 'base64url'));
    const y = new Uint8Array(Buffer.from(jwk.y!, 'base64url'));
    return isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, x],
        [-3, y],
      ]),
    );
  }

  private authenticatorData(flags: number, counter: number, attested: boolean): Buffer {
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    const parts = [sha256(this.rpId), Buffer.from([flags]), counterBytes];
    if (attested) {
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(this.credentialId.length);
      parts.push(Buffer.alloc(16), idLength, this.credentialId, Buffer.from(this.coseKey()));
    }
    return Buffer.concat(parts);
  }

  /** navigator.credentials.create(), as @simplewebauthn/browser would return it. */
  register(options: { challenge: string; user: { id: string } }, opts: { origin?: string; flags?: number } = {}) {
    this.userHandle = options.user.id;
    const clientDataJSON = Buffer.from(
      JSON.stringify({
        type: 'webauthn.create',
        challenge: options.challenge,
        origin: opts.origin ?? ORIGIN,
        crossOrigin: false,
      }),
    );
    const authData = this.authenticatorData(opts.flags ?? FLAG_UP | FLAG_UV | FLAG_AT, this.counter, true);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', new Uint8Array(authData)],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** navigator.credentials.get(): signs authenticatorData ‖ SHA-256(clientDataJSON) with the private key. */
  assert(options: { challenge: string }, opts: { origin?: string; flags?: number; counter?: number } = {}) {
    this.counter = opts.counter ?? this.counter + 1;
    const clientDataJSON = Buffer.from(
      JSON.stringify({
        type: 'webauthn.get',
        challenge: options.challenge,
        origin: opts.origin ?? ORIGIN,
        crossOrigin: false,
      }),
    );
    const authData = this.authenticatorData(opts.flags ?? FLAG_UP | FLAG_UV, this.counter, false);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}

let t: TestContext;
let portalId: string;
let alice: string;

beforeAll(async () => {
  t = await createTestContext({ publicUrl: PUBLIC_URL });
  const typeId = await t.world.ticketType('incident');
  portalId = (await t.world.portal('acme', [typeId], { name: 'Acme Help' })).id;
  alice = await t.world.user({ email: 'alice@example.test', name: 'Alice' });
});
afterAll(() => t.close());

/** A full-screen (cookie) session as the email link would start it, sent as the cookie. */
async function cookieSession(userId: string) {
  const { token } = await mintSession(t.k, t.deps.secret, t.clock, {
    userId,
    kind: 'cookie',
    portalId,
    ttlSeconds: 3600,
  });
  return { cookie: `__Host-tp_session=${token}` };
}

async function registerPasskey(userId: string, name = 'Laptop') {
  const headers = await cookieSession(userId);
  const options = await t.request('POST', '/api/v1/auth/passkeys/register/options', { headers });
  expect(options.status).toBe(200);
  const authenticator = new SoftAuthenticator();
  const res = await t.request('POST', '/api/v1/auth/passkeys/register/verify', {
    headers,
    body: { response: authenticator.register(options.json), name },
  });
  expect(res.status).toBe(201);
  return { authenticator, passkeyId: res.json.id as string, headers };
}

/** Options for a passkey sign-in through the portal, or on the console (`portal` null). */
async function signInOptions(portal: string | null = 'acme') {
  const res = await t.request('POST', '/api/v1/auth/passkeys/login/options', {
    body: portal === null ? {} : { portal },
  });
  expect(res.status).toBe(200);
  return res.json as { challenge: string; rpId: string; userVerification: string; allowCredentials?: unknown[] };
}

describe('passkeys', () => {
  it('registers a passkey with a real attestation, then signs in with the passkey alone', async () => {
    const { authenticator } = await registerPasskey(alice);
    const stored = await t.k.selectFrom('passkeys').selectAll().where('user_id', '=', alice).executeTakeFirstOrThrow();
    expect(stored.credential_id).toBe(authenticator.id);
    expect(stored.name).toBe('Laptop');

    const options = await signInOptions();
    expect(options.rpId).toBe(RP_ID);
    expect(options.userVerification).toBe('required');
    // Discoverable credentials: no list of ids to give away who has which passkey.
    expect(options.allowCredentials ?? []).toEqual([]);
    const res = await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
      body: { response: authenticator.assert(options) },
    });
    expect(res.status).toBe(200);
    expect(res.json.user.id).toBe(alice);
    expect(res.json.token).toBeNull();
    const cookie = sessionCookieOf(res.headers);
    expect(cookie).toBeTruthy();
    const me = await t.request('GET', '/api/v1/me', { headers: { cookie: `__Host-tp_session=${cookie}` } });
    expect(me.json.id).toBe(alice);
    const after = await t.k
      .selectFrom('passkeys')
      .select(['counter', 'last_used_at'])
      .where('id', '=', stored.id)
      .executeTakeFirstOrThrow();
    expect(Number(after.counter)).toBe(authenticator.counter);
    expect(after.last_used_at).not.toBeNull();
  });

  it('row 11: a replayed challenge is refused', async () => {
    const user = await t.world.user();
    const { authenticator } = await registerPasskey(user);
    const options = await signInOptions();
    const response = authenticator.assert(options);
    expect((await t.request('POST', '/api/v1/auth/passkeys/login/verify', { body: { response } })).status).toBe(200);
    const replay = await t.request('POST', '/api/v1/auth/passkeys/login/verify', { body: { response } });
    expect(replay.status).toBe(401);
    // Signed afresh over the same, already used challenge: still refused.
    const fresh = await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
      body: { response: authenticator.assert(options) },
    });
    expect(fresh.status).toBe(401);
  });

  it('row 11: an answer from the wrong origin is refused', async () => {
    const user = await t.world.user();
    const { authenticator } = await registerPasskey(user);
    const options = await signInOptions();
    const res = await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
      body: { response: authenticator.assert(options, { origin: 'https://support.example.test.evil.example' }) },
    });
    expect(res.status).toBe(401);
    expect(sessionCookieOf(res.headers)).toBeNull();
    // The refused attempt spent its challenge.
    const retry = await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
      body: { response: authenticator.assert(options) },
    });
    expect(retry.status).toBe(401);
  });

  it('row 11: an answer without user verification is refused', async () => {
    const user = await t.world.user();
    const { authenticator } = await registerPasskey(user);
    const options = await signInOptions();
    const res = await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
      body: { response: authenticator.assert(options, { flags: FLAG_UP }) },
    });
    expect(res.status).toBe(401);
  });

  it('row 11: a signature counter going back is refused, and the stored counter stays', async () => {
    const user = await t.world.user();
    const { authenticator, passkeyId } = await registerPasskey(user);
    const first = await signInOptions();
    expect(
      (
        await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
          body: { response: authenticator.assert(first, { counter: 10 }) },
        })
      ).status,
    ).toBe(200);
    const second = await signInOptions();
    const res = await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
      body: { response: authenticator.assert(second, { counter: 5 }) },
    });
    expect(res.status).toBe(401);
    const same = await signInOptions();
    expect(
      (
        await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
          body: { response: authenticator.assert(same, { counter: 10 }) },
        })
      ).status,
    ).toBe(401);
    const row = await t.k
      .selectFrom('passkeys')
      .select('counter')
      .where('id', '=', passkeyId)
      .executeTakeFirstOrThrow();
    expect(Number(row.counter)).toBe(10);
    const next = await signInOptions();
    expect(
      (
        await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
          body: { response: authenticator.assert(next, { counter: 11 }) },
        })
      ).status,
    ).toBe(200);
  });

  it('refuses a challenge older than 5 minutes', async () => {
    const user = await t.world.user();
    const { authenticator } = await registerPasskey(user);
    const options = await signInOptions();
    t.clock.advance(5 * 60 * 1000 + 1);
    const res = await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
      body: { response: authenticator.assert(options) },
    });
    expect(res.status).toBe(401);
  });

  it('refuses a signature from another key for a known credential id', async () => {
    const user = await t.world.user();
    const { authenticator } = await registerPasskey(user);
    const impostor = new SoftAuthenticator();
    Object.assign(impostor, { credentialId: authenticator.credentialId, userHandle: authenticator.userHandle });
    const options = await signInOptions();
    const res = await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
      body: { response: impostor.assert(options) },
    });
    expect(res.status).toBe(401);
  });

  it('registration refuses no user verification, the wrong origin and a replayed challenge', async () => {
    const user = await t.world.user();
    const headers = await cookieSession(user);
    const opts1 = (await t.request('POST', '/api/v1/auth/passkeys/register/options', { headers })).json;
    const noUv = await t.request('POST', '/api/v1/auth/passkeys/register/verify', {
      headers,
      body: { response: new SoftAuthenticator().register(opts1, { flags: FLAG_UP | FLAG_AT }) },
    });
    expect(noUv.status).toBe(400);
    const opts2 = (await t.request('POST', '/api/v1/auth/passkeys/register/options', { headers })).json;
    const wrongOrigin = await t.request('POST', '/api/v1/auth/passkeys/register/verify', {
      headers,
      body: { response: new SoftAuthenticator().register(opts2, { origin: 'https://evil.example' }) },
    });
    expect(wrongOrigin.status).toBe(400);
    const opts3 = (await t.request('POST', '/api/v1/auth/passkeys/register/options', { headers })).json;
    const ok = await t.request('POST', '/api/v1/auth/passkeys/register/verify', {
      headers,
      body: { response: new SoftAuthenticator().register(opts3) },
    });
    expect(ok.status).toBe(201);
    const replay = await t.request('POST', '/api/v1/auth/passkeys/register/verify', {
      headers,
      body: { response: new SoftAuthenticator().register(opts3) },
    });
    expect(replay.status).toBe(400);
    const count = await t.k
      .selectFrom('passkeys')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', user)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('registration needs a recent full-screen sign-in: widget tokens and old sessions are refused', async () => {
    const user = await t.world.user();
    const widget = await t.signIn(user, portalId);
    const byWidget = await t.request('POST', '/api/v1/auth/passkeys/register/options', { token: widget });
    expect(byWidget.status).toBe(403);
    expect((await t.request('GET', '/api/v1/auth/passkeys', { token: widget })).status).toBe(403);
    const headers = await cookieSession(user);
    t.clock.advance(11 * 60 * 1000);
    const old = await t.request('POST', '/api/v1/auth/passkeys/register/options', { headers });
    expect(old.status).toBe(403);
    expect(old.json.error.code).toBe('recent_sign_in_required');
    expect((await t.request('POST', '/api/v1/auth/passkeys/register/options')).status).toBe(401);
  });

  it('a challenge handed to one user cannot register a passkey for another', async () => {
    const mallory = await t.world.user();
    const bob = await t.world.user();
    const malloryHeaders = await cookieSession(mallory);
    const options = (await t.request('POST', '/api/v1/auth/passkeys/register/options', { headers: malloryHeaders }))
      .json;
    const res = await t.request('POST', '/api/v1/auth/passkeys/register/verify', {
      headers: await cookieSession(bob),
      body: { response: new SoftAuthenticator().register(options) },
    });
    expect(res.status).toBe(400);
  });

  it('lists, renames and deletes only your own passkeys', async () => {
    const user = await t.world.user();
    const { passkeyId, headers } = await registerPasskey(user, 'Phone');
    const other = await t.world.user();
    const otherHeaders = await cookieSession(other);
    const list = await t.request('GET', '/api/v1/auth/passkeys', { headers });
    expect(list.status).toBe(200);
    expect(list.json.items.map((p: { id: string; name: string }) => [p.id, p.name])).toEqual([[passkeyId, 'Phone']]);
    expect((await t.request('GET', '/api/v1/auth/passkeys', { headers: otherHeaders })).json.items).toEqual([]);
    expect(
      (
        await t.request('PATCH', `/api/v1/auth/passkeys/${passkeyId}`, {
          headers: otherHeaders,
          body: { name: 'Mine' },
        })
      ).status,
    ).toBe(404);
    expect((await t.request('DELETE', `/api/v1/auth/passkeys/${passkeyId}`, { headers: otherHeaders })).status).toBe(
      404,
    );
    const renamed = await t.request('PATCH', `/api/v1/auth/passkeys/${passkeyId}`, {
      headers,
      body: { name: 'Work phone' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json.name).toBe('Work phone');
    const bad = await t.request('PATCH', `/api/v1/auth/passkeys/${passkeyId}`, { headers, body: { name: 'a\r\nb' } });
    expect(bad.status).toBe(400);
    expect((await t.request('DELETE', `/api/v1/auth/passkeys/${passkeyId}`, { headers })).status).toBe(204);
    expect((await t.request('GET', '/api/v1/auth/passkeys', { headers })).json.items).toEqual([]);
  });

  it('an agent signing in with a passkey gets a session for the whole account', async () => {
    const agent = await t.world.user({ role: 'agent' });
    const { authenticator } = await registerPasskey(agent);
    const options = await signInOptions();
    const res = await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
      body: { response: authenticator.assert(options) },
    });
    expect(res.status).toBe(200);
    expect(res.json.user.role).toBe('agent');
    const sessions = await t.k
      .selectFrom('sessions')
      .select(['portal_id', 'kind'])
      .where('user_id', '=', agent)
      .where('kind', '=', 'cookie')
      .execute();
    expect(sessions.some((s) => s.portal_id === null)).toBe(true);
  });

  it('staff sign in on the console with a passkey and no portal; a customer passkey is refused there', async () => {
    const admin = await t.world.user({ role: 'admin', name: 'Console admin' });
    const { authenticator } = await registerPasskey(admin);
    const options = await signInOptions(null);
    expect(options.rpId).toBe(RP_ID);
    const challenge = await t.k
      .selectFrom('webauthn_challenges')
      .select('portal_id')
      .where('challenge', '=', options.challenge)
      .executeTakeFirstOrThrow();
    expect(challenge.portal_id).toBeNull();
    const res = await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
      body: { response: authenticator.assert(options) },
    });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ id: admin, role: 'admin' });
    const cookie = sessionCookieOf(res.headers)!;
    expect(
      (await t.request('GET', '/api/v1/admin/portals', { headers: { cookie: `__Host-tp_session=${cookie}` } })).status,
    ).toBe(200);

    const customer = await t.world.user();
    const own = await registerPasskey(customer);
    const counterBefore = own.authenticator.counter;
    const refused = await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
      body: { response: own.authenticator.assert(await signInOptions(null)) },
    });
    expect(refused.status).toBe(401);
    expect(sessionCookieOf(refused.headers)).toBeNull();
    // Refused before it was used: the stored counter did not move, and through the portal it still works.
    const stored = await t.k
      .selectFrom('passkeys')
      .select('counter')
      .where('user_id', '=', customer)
      .executeTakeFirstOrThrow();
    expect(Number(stored.counter)).toBe(counterBefore);
    const viaPortal = await t.request('POST', '/api/v1/auth/passkeys/login/verify', {
      body: { response: own.authenticator.assert(await signInOptions()) },
    });
    expect(viaPortal.status).toBe(200);
  });

  it('sign-in options still refuse an unknown portal when one is named', async () => {
    const res = await t.request('POST', '/api/v1/auth/passkeys/login/options', { body: { portal: 'nope' } });
    expect(res.status).toBe(404);
  });
});
