import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';

// Defect 8 (contract C3) and defect 9 through the admin API: keys are added,
// rotated and removed by routes, secrets are shown once and never again, and
// portals share a host site's keys and customers.

let t: TestContext;
let admin: string;
let agent: string;
const secretsSeen: string[] = [];

beforeAll(async () => {
  t = await createTestContext();
  await t.world.ticketType('incident', 'Incident');
  admin = await t.signIn(await t.world.user({ role: 'admin' }));
  agent = await t.signIn(await t.world.user({ role: 'agent' }));
  for (const slug of ['acme', 'acme-eu', 'other']) {
    expect((await t.request('POST', '/api/v1/admin/portals', { token: admin, body: { slug } })).status).toBe(201);
  }
});
afterAll(() => t.close());

/** An admin call; every answer is checked to carry no secret ever handed out. */
async function api(method: string, path: string, body?: unknown, token = admin) {
  const res = await t.request(method, `/api/v1/admin${path}`, { token, body });
  const text = JSON.stringify(res.json);
  for (const secret of secretsSeen) expect(text, `${method} ${path} shows a secret`).not.toContain(secret);
  return res;
}

async function identityToken(secret: string, kid: string, sub: string, aud: string) {
  const iat = Math.floor(t.clock.now().getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', kid })
    .setSubject(sub)
    .setAudience(aud)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .sign(new TextEncoder().encode(secret));
}
const signIn = async (portal: string, identity: string) =>
  t.request('POST', '/api/v1/auth/identity', { body: { portal, identityToken: identity } });

describe('identity keys of a portal (C3)', () => {
  let firstKid: string;
  let firstSecret: string;

  it('a new portal has no host site and no keys', async () => {
    const res = await api('GET', '/portals/acme');
    expect(res.json.config.identity).toEqual({ hostSiteId: null, keys: [], trustEmail: false, audience: null });
  });

  it('adds an HS256 key: the server generates the secret and shows it once; every later answer lists the kid only', async () => {
    const res = await api('POST', '/portals/acme/identity-keys', { alg: 'HS256' });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      kid: expect.stringMatching(/^key-[0-9a-f]{12}$/),
      alg: 'HS256',
      secret: expect.any(String),
    });
    expect(res.json.secret.length).toBeGreaterThanOrEqual(43);
    firstKid = res.json.kid;
    firstSecret = res.json.secret;
    secretsSeen.push(firstSecret);

    const portal = await api('GET', '/portals/acme');
    expect(portal.json.config.identity).toEqual({
      hostSiteId: expect.any(String),
      keys: [{ kid: firstKid, alg: 'HS256', createdAt: expect.any(String) }],
      trustEmail: false,
      audience: null,
    });
    await api('GET', '/portals');
    await api('GET', '/host-sites');
    expect(JSON.stringify((await t.request('GET', '/api/v1/portals/acme')).json)).not.toContain(firstKid);
    // The key works: the host signs a customer in with it.
    expect((await signIn('acme', await identityToken(firstSecret, firstKid, 'cust-1', 'acme'))).status).toBe(200);
  });

  it('adds an ES256 key by its public JWK, with a chosen kid; no secret to show', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = await exportJWK(publicKey);
    const res = await api('POST', '/portals/acme/identity-keys', {
      alg: 'ES256',
      kid: 'es-2026',
      publicKeyJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y },
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ kid: 'es-2026', alg: 'ES256' });
    const iat = Math.floor(t.clock.now().getTime() / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'es-2026' })
      .setSubject('es-cust')
      .setAudience('acme')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(privateKey);
    expect((await signIn('acme', token)).status).toBe(200);
    const kids = (await api('GET', '/portals/acme')).json.config.identity.keys.map((k: { kid: string }) => k.kid);
    expect(kids).toEqual([firstKid, 'es-2026']);
  });

  it('refuses bad keys with a 400 naming the field, and a taken kid with a 409', async () => {
    const cases: [unknown, string][] = [
      [{}, 'alg'],
      [{ alg: 'none' }, 'alg'],
      [{ alg: 'HS256', secret: 'i-want-to-choose-my-own-secret-please-000' }, 'secret'],
      [{ alg: 'HS256', kid: 'has space' }, 'kid'],
      [{ alg: 'ES256' }, 'publicKeyJwk'],
      [
        {
          alg: 'ES256',
          publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'A'.repeat(43), d: 'A'.repeat(43) },
        },
        'publicKeyJwk.d',
      ],
      [
        { alg: 'ES256', publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) } },
        'publicKeyJwk',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await api('POST', '/portals/acme/identity-keys', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.field, JSON.stringify(body)).toBe(field);
    }
    const taken = await api('POST', '/portals/acme/identity-keys', { alg: 'HS256', kid: 'es-2026' });
    expect(taken.status).toBe(409);
    expect(taken.json.error.field).toBe('kid');
  });

  it('rotates: add a new key, then remove the old one; tokens of the removed key stop working at once', async () => {
    const added = await api('POST', '/portals/acme/identity-keys', { alg: 'HS256', kid: 'rotated' });
    expect(added.status).toBe(201);
    secretsSeen.push(added.json.secret);
    expect((await signIn('acme', await identityToken(firstSecret, firstKid, 'cust-1', 'acme'))).status).toBe(200);
    expect((await api('DELETE', `/portals/acme/identity-keys/${firstKid}`)).status).toBe(204);
    expect((await signIn('acme', await identityToken(firstSecret, firstKid, 'cust-1', 'acme'))).status).toBe(401);
    const after = await signIn('acme', await identityToken(added.json.secret, 'rotated', 'cust-1', 'acme'));
    expect(after.status).toBe(200);
    const missing = await api('DELETE', `/portals/acme/identity-keys/${firstKid}`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe('No such identity key.');
    expect((await api('DELETE', '/portals/other/identity-keys/rotated')).status).toBe(404);
  });

  it('PATCH takes identity trust settings and a host site, never keys', async () => {
    const res = await api('PATCH', '/portals/acme', {
      identity: { trustEmail: true, audience: 'https://shop.example' },
    });
    expect(res.status).toBe(200);
    expect(res.json.config.identity).toMatchObject({ trustEmail: true, audience: 'https://shop.example' });
    expect(res.json.config.identity.keys.map((k: { kid: string }) => k.kid)).toEqual(['es-2026', 'rotated']);
    // Unchanged parts stay: a later PATCH of the audience alone keeps trustEmail.
    expect(
      (await api('PATCH', '/portals/acme', { identity: { audience: null } })).json.config.identity.trustEmail,
    ).toBe(true);
    const keys = await api('PATCH', '/portals/acme', { identity: { keys: [] } });
    expect(keys.status).toBe(400);
    expect(keys.json.error.field).toBe('identity.keys');
    const unknown = await api('PATCH', '/portals/acme', { identity: { hostSiteId: 'nope' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.field).toBe('identity.hostSiteId');
    const onCreate = await api('POST', '/portals', { slug: 'bad-host', config: { identity: { hostSiteId: 'nope' } } });
    expect(onCreate.status).toBe(400);
    expect(onCreate.json.error.field).toBe('config.identity.hostSiteId');
  });

  it('is for admins only', async () => {
    expect((await api('POST', '/portals/acme/identity-keys', { alg: 'HS256' }, agent)).status).toBe(403);
    expect((await api('DELETE', '/portals/acme/identity-keys/rotated', undefined, agent)).status).toBe(403);
    expect((await api('GET', '/host-sites', undefined, agent)).status).toBe(403);
    expect((await api('POST', '/portals/acme/identity-keys', { alg: 'HS256' }, 'garbage')).status).toBe(401);
  });
});

describe('host sites shared by portals (defect 9)', () => {
  it("pointing a second portal at the first one's host site makes the same sub the same customer there", async () => {
    const acme = (await api('GET', '/portals/acme')).json.config.identity;
    const patched = await api('PATCH', '/portals/acme-eu', { identity: { hostSiteId: acme.hostSiteId } });
    expect(patched.status).toBe(200);
    expect(patched.json.config.identity.keys).toEqual(acme.keys);
    const key = await api('POST', `/host-sites/${acme.hostSiteId}/identity-keys`, { alg: 'HS256', kid: 'shared' });
    expect(key.status).toBe(201);
    secretsSeen.push(key.json.secret);

    const onA = await signIn('acme', await identityToken(key.json.secret, 'shared', 'shared-cust', 'acme'));
    const onB = await signIn('acme-eu', await identityToken(key.json.secret, 'shared', 'shared-cust', 'acme-eu'));
    expect(onA.status).toBe(200);
    expect(onB.status).toBe(200);
    expect(onB.json.user.id).toBe(onA.json.user.id);

    const site = await api('GET', `/host-sites/${acme.hostSiteId}`);
    expect(site.json).toMatchObject({ id: acme.hostSiteId, name: 'acme', portals: ['acme', 'acme-eu'] });
    expect(site.json.keys.map((k: { kid: string }) => k.kid)).toEqual(['es-2026', 'rotated', 'shared']);
  });

  it("another host site's same sub is another customer", async () => {
    const created = await api('POST', '/host-sites', { name: 'Other shop' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'Other shop', keys: [], portals: [] });
    expect((await api('PATCH', '/portals/other', { identity: { hostSiteId: created.json.id } })).status).toBe(200);
    const key = await api('POST', `/host-sites/${created.json.id}/identity-keys`, { alg: 'HS256', kid: 'shared' });
    secretsSeen.push(key.json.secret);
    const onOther = await signIn('other', await identityToken(key.json.secret, 'shared', 'shared-cust', 'other'));
    const onAcme = await signIn(
      'acme',
      await identityToken(secretsSeen[secretsSeen.length - 2]!, 'shared', 'shared-cust', 'acme'),
    );
    expect(onOther.status).toBe(200);
    expect(onAcme.status).toBe(200);
    expect(onOther.json.user.id).not.toBe(onAcme.json.user.id);
  });

  it('renames, refuses to delete a host site portals still use, then deletes it with its keys', async () => {
    const site = (await api('GET', '/portals/other')).json.config.identity.hostSiteId as string;
    expect((await api('PATCH', `/host-sites/${site}`, { name: 'Renamed shop' })).json.name).toBe('Renamed shop');
    const inUse = await api('DELETE', `/host-sites/${site}`);
    expect(inUse.status).toBe(409);
    expect(inUse.json.error.code).toBe('in_use');
    expect((await api('PATCH', '/portals/other', { identity: { hostSiteId: null } })).json.config.identity).toEqual({
      hostSiteId: null,
      keys: [],
      trustEmail: false,
      audience: null,
    });
    expect((await api('DELETE', `/host-sites/${site}`)).status).toBe(204);
    expect((await api('GET', `/host-sites/${site}`)).status).toBe(404);
    expect(await t.k.selectFrom('host_site_keys').select('kid').where('host_site_id', '=', site).execute()).toEqual([]);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api/v1/openapi.json')).json;
    for (const path of [
      '/api/v1/admin/portals/{slug}/identity-keys',
      '/api/v1/admin/portals/{slug}/identity-keys/{kid}',
      '/api/v1/admin/host-sites',
      '/api/v1/admin/host-sites/{id}',
      '/api/v1/admin/host-sites/{id}/identity-keys',
      '/api/v1/admin/host-sites/{id}/identity-keys/{kid}',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.components.schemas.AdminPortalConfigPatch.properties).toHaveProperty('identity');
    expect(doc.components.schemas.AdminPortalIdentity.properties).toHaveProperty('keys');
  });
});
