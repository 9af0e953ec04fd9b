import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';

const SECRET = 'host-shared-secret-host-shared-secret-1234';
const OTHER_SECRET = 'another-secret-another-secret-another-999';
const key = new TextEncoder().encode(SECRET);
const es = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const t = useTestContext(async (t) => {
  const typeId = await t.world.ticketType('incident');
  const jwk = await exportJWK(es.publicKey);
  const shopSite = await t.world.hostSite('Shop', [
    { kid: 'hs-1', alg: 'HS256', secret: SECRET },
    { kid: 'es-1', alg: 'ES256', publicKeyJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! } },
  ]);
  await t.world.portal('acme', [typeId], { identity: { hostSiteId: shopSite, trustEmail: false, audience: null } });
  // Another host that happens to use the same secret and kid: still another host.
  const otherSite = await t.world.hostSite('Other shop', [{ kid: 'hs-1', alg: 'HS256', secret: SECRET }]);
  await t.world.portal('trusting', [typeId], {
    identity: { hostSiteId: otherSite, trustEmail: true, audience: 'https://shop.example' },
  });
  return { typeId, shopSite };
});

/** Seconds on the test clock. */
const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);

async function hsToken(
  claims: JWTPayload,
  options: { kid?: string; secret?: string; iat?: number; exp?: number | null; aud?: string | null } = {},
) {
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
    const res = await signIn(
      await hsToken({ sub: 'u-1', email: 'Known@shop.example' }, { aud: 'https://shop.example' }),
      'trusting',
    );
    expect(res.status).toBe(200);
    expect(res.json.user.id).toBe(existing);
    await t.world.user({ email: 'agent@shop.example', role: 'agent' });
    const staff = await signIn(
      await hsToken({ sub: 'u-2', email: 'agent@shop.example' }, { aud: 'trusting' }),
      'trusting',
    );
    expect(staff.status).toBe(401);
  });

  it("one host's sub never names another host's customer, even with the same secret", async () => {
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

  it('stores host ids namespaced by host site', async () => {
    await signIn(await hsToken({ sub: 'ns-1' }));
    const row = await t.k
      .selectFrom('users')
      .select('external_id')
      .where('external_id', '=', `${t.shopSite}:ns-1`)
      .executeTakeFirst();
    expect(row).toBeDefined();
  });

  it('a portal without a host site refuses every identity token', async () => {
    await t.world.portal('no-host', [t.typeId]);
    const res = await signIn(await hsToken({ sub: 'x' }, { aud: 'no-host' }), 'no-host');
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('invalid_identity');
  });
});

describe('one host site, several portals (defect 9)', () => {
  it("the same host's sub is the same customer on every portal that trusts that host site", async () => {
    const second = await t.world.portal('acme-two', [t.typeId], {
      identity: { hostSiteId: t.shopSite, trustEmail: false, audience: null },
    });
    const onA = await signIn(await hsToken({ sub: 'cust-on-two-portals', name: 'Twice' }));
    expect(onA.status).toBe(200);
    const onB = await signIn(await hsToken({ sub: 'cust-on-two-portals' }, { aud: 'acme-two' }), 'acme-two');
    expect(onB.status).toBe(200);
    expect(onB.json.user.id).toBe(onA.json.user.id);
    // Each session is still bound to the portal it was made for (SECURITY row 5).
    expect((await t.request('GET', '/api/v1/portals/acme-two/tickets', { token: onB.json.token })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/portals/acme-two/tickets', { token: onA.json.token })).status).toBe(401);
    expect(second.config.identity.hostSiteId).toBe(t.shopSite);
  });

  it('with trustEmail on both portals, a customer known by address on A is the same customer on B', async () => {
    const site = await t.world.hostSite('Trusting shop', [{ kid: 'hs-1', alg: 'HS256', secret: SECRET }]);
    for (const slug of ['trust-a', 'trust-b']) {
      await t.world.portal(slug, [t.typeId], { identity: { hostSiteId: site, trustEmail: true, audience: null } });
    }
    const onA = await signIn(
      await hsToken({ sub: 'mail-1', email: 'twice@shop.example' }, { aud: 'trust-a' }),
      'trust-a',
    );
    const onB = await signIn(
      await hsToken({ sub: 'mail-1', email: 'twice@shop.example' }, { aud: 'trust-b' }),
      'trust-b',
    );
    expect(onA.status).toBe(200);
    expect(onB.status).toBe(200);
    expect(onB.json.user.id).toBe(onA.json.user.id);
    expect(onB.json.user.email).toBe('twice@shop.example');
  });

  it('a token for portal A is not accepted on portal B of the same host (audience)', async () => {
    const res = await signIn(await hsToken({ sub: 'cust-on-two-portals' }), 'acme-two');
    expect(res.status).toBe(401);
  });
});
