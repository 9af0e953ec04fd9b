import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';

const SECRET = 'host-shared-secret-host-shared-secret-1234';
const OTHER_SECRET = 'another-secret-another-secret-another-999';
const key = new TextEncoder().encode(SECRET);
const es = generateKeyPairSync('ec', { namedCurve: 'P-256' });

let t: TestContext;
let portalId: string;

beforeAll(async () => {
  t = await createTestContext();
  const typeId = await t.world.ticketType('incident');
  const jwk = await exportJWK(es.publicKey);
  portalId = (
    await t.world.portal('acme', [typeId], {
      identity: {
        keys: [
          { kid: 'hs-1', alg: 'HS256', secret: SECRET },
          { kid: 'es-1', alg: 'ES256', publicKeyJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! } },
        ],
        trustEmail: false,
        audience: null,
      },
    })
  ).id;
  await t.world.portal('trusting', [typeId], {
    identity: { keys: [{ kid: 'hs-1', alg: 'HS256', secret: SECRET }], trustEmail: true, audience: 'https://shop.example' },
  });
});
afterAll(() => t.close());

/** Seconds on the test clock. */
const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);

async function hsToken(claims: JWTPayload, options: { kid?: string; secret?: string; iat?: number; exp?: number | null; aud?: string | null } = {}) {
  const iat = options.iat ?? nowSeconds();
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: options.kid ?? 'hs-1' }).setIssuedAt(iat);
  if (options.aud !== null) jwt = jwt.setAudience(options.aud ?? 'acme');
  if (options.exp !== null) jwt = jwt.setExpirationTime(options.exp ?? iat + 300);
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

const signIn = (identityToken: string, portal = 'acme') =>
  t.request('POST', '/api/v1/auth/identity', { body: { portal, identityToken } });

describe('host identity', () => {
  it('signs in a new customer with an HS256 token, then the same customer again by sub', async () => {
    const first = await signIn(await hsToken({ sub: 'cust-42', name: 'Zoe Host', email: 'zoe@shop.example' }));
    expect(first.status).toBe(200);
    expect(first.json.user.name).toBe('Zoe Host');
    // trustEmail is off here: the claimed address is not used.
    expect(first.json.user.email).not.toBe('zoe@shop.example');
    expect(typeof first.json.token).toBe('string');
    const tickets = await t.request('GET', '/api/v1/portals/acme/tickets', { token: first.json.token });
    expect(tickets.status).toBe(200);
    const again = await signIn(await hsToken({ sub: 'cust-42' }));
    expect(again.json.user.id).toBe(first.json.user.id);
  });

  it('signs in with an ES256 token', async () => {
    const iat = nowSeconds();
    const token = await new SignJWT({ sub: 'es-customer' })
      .setProtectedHeader({ alg: 'ES256', kid: 'es-1' })
      .setAudience('acme')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(es.privateKey);
    const res = await signIn(token);
    expect(res.status).toBe(200);
  });

  it('with trustEmail, uses the email claim and the configured audience; never signs in staff', async () => {
    const existing = await t.world.user({ email: 'known@shop.example' });
    const res = await signIn(await hsToken({ sub: 'u-1', email: 'Known@shop.example' }, { aud: 'https://shop.example' }), 'trusting');
    expect(res.status).toBe(200);
    expect(res.json.user.id).toBe(existing);
    await t.world.user({ email: 'agent@shop.example', role: 'agent' });
    const staff = await signIn(await hsToken({ sub: 'u-2', email: 'agent@shop.example' }, { aud: 'trusting' }), 'trusting');
    expect(staff.status).toBe(401);
  });

  it("one host's sub never names another portal's customer", async () => {
    const a = await signIn(await hsToken({ sub: 'same-id' }));
    const b = await signIn(await hsToken({ sub: 'same-id' }, { aud: 'trusting' }), 'trusting');
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.json.user.id).not.toBe(b.json.user.id);
  });

  it('row 12: alg none is refused', async () => {
    const iat = nowSeconds();
    const header = Buffer.from(JSON.stringify({ alg: 'none', kid: 'hs-1', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'x', aud: 'acme', iat, exp: iat + 60 })).toString('base64url');
    expect((await signIn(`${header}.${payload}.`)).status).toBe(401);
    const forged = Buffer.from(JSON.stringify({ alg: 'none', kid: 'hs-1' })).toString('base64url');
    expect((await signIn(`${forged}.${payload}.${'A'.repeat(43)}`)).status).toBe(401);
  });

  it('row 12: a token signed with the wrong key, an unknown kid or another algorithm is refused', async () => {
    expect((await signIn(await hsToken({ sub: 'x' }, { secret: OTHER_SECRET }))).status).toBe(401);
    expect((await signIn(await hsToken({ sub: 'x' }, { kid: 'nope' }))).status).toBe(401);
    // HS256 under the ES256 key's kid (algorithm confusion).
    const jwk = JSON.stringify(await exportJWK(es.publicKey));
    expect((await signIn(await hsToken({ sub: 'x' }, { kid: 'es-1', secret: jwk }))).status).toBe(401);
  });

  it('row 12: a wrong audience is refused', async () => {
    expect((await signIn(await hsToken({ sub: 'x' }, { aud: 'other-portal' }))).status).toBe(401);
    expect((await signIn(await hsToken({ sub: 'x' }, { aud: null }))).status).toBe(401);
  });

  it('row 12: an expired token, one without exp, or one living over 10 minutes is refused', async () => {
    const now = nowSeconds();
    expect((await signIn(await hsToken({ sub: 'x' }, { iat: now - 600, exp: now - 120 }))).status).toBe(401);
    expect((await signIn(await hsToken({ sub: 'x' }, { exp: null }))).status).toBe(401);
    expect((await signIn(await hsToken({ sub: 'x' }, { iat: now, exp: now + 601 }))).status).toBe(401);
    expect((await signIn(await hsToken({}))).status).toBe(401);
    const res = await signIn(await hsToken({ sub: 'x' }, { exp: now - 120, iat: now - 180 }));
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('invalid_identity');
  });

  it('the public portal config never exposes identity keys', async () => {
    const res = await t.request('GET', '/api/v1/portals/acme');
    expect(res.status).toBe(200);
    expect(res.json).not.toHaveProperty('identity');
    expect(JSON.stringify(res.json)).not.toContain(SECRET);
    expect(JSON.stringify(res.json)).not.toContain('hs-1');
  });

  it('stores host ids namespaced by portal', async () => {
    await signIn(await hsToken({ sub: 'ns-1' }));
    const row = await t.k.selectFrom('users').select('external_id').where('external_id', '=', `${portalId}:ns-1`).executeTakeFirst();
    expect(row).toBeDefined();
  });
});
