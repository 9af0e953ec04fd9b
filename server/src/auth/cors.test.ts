import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';

const SHOP = 'https://shop.example.com';
/** SECURITY.md row 20: origins the acme portal does not list (null, look-alike suffixes, http instead of https, other ports). */
const ROW_20 = [
  'null',
  'https://evil.example',
  'https://shop.example.com.evil.example',
  'https://evilshop.example.com',
  'https://sub.shop.example.com',
  'http://shop.example.com',
  'https://shop.example.com:8443',
  'https://SHOP.example.com',
  'https://beta.example.org',
];

const t = useTestContext(async (t) => {
  const typeId = await t.world.ticketType('incident');
  const acme = await t.world.portal('acme', [typeId], { allowedOrigins: [SHOP, 'http://localhost:8080'] });
  await t.world.portal('beta', [typeId], { allowedOrigins: ['https://beta.example.org'] });
  await t.world.portal('off', [typeId], { allowedOrigins: ['https://off.example.net'], enabled: false });
  const token = await t.signIn(await t.world.user(), acme.id);
  return { token };
});

const get = (path: string, origin: string) => t.request('GET', path, { token: t.token, headers: { origin } });
const allowOf = (res: { headers: Headers }) => res.headers.get('access-control-allow-origin');

describe('CORS', () => {
  it("answers the portal's exact origins, with Vary: Origin and no credentials", async () => {
    const res = await get('/api/v1/portals/acme/tickets', SHOP);
    expect(res.status).toBe(200);
    expect(allowOf(res)).toBe(SHOP);
    expect(res.headers.get('vary')).toMatch(/Origin/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(allowOf(await get('/api/v1/portals/acme', 'http://localhost:8080'))).toBe('http://localhost:8080');
  });

  it('row 20: origins not on the list, null, look-alike suffixes or http instead of https get no allow header', async () => {
    for (const origin of [...ROW_20, 'https://off.example.net']) {
      const res = await get('/api/v1/portals/acme/tickets', origin);
      expect(allowOf(res), origin).toBeNull();
      expect(res.headers.get('vary'), origin).toMatch(/Origin/);
    }
  });

  it("row 20: one portal's origin is not allowed on another portal's routes", async () => {
    const refused = await get('/api/v1/portals/beta', SHOP);
    expect(refused.status).toBe(403);
    expect(allowOf(refused)).toBe('*');
    expect(allowOf(await get('/api/v1/portals/beta/tickets', SHOP))).toBeNull();
    expect(allowOf(await get('/api/v1/portals/beta', 'https://beta.example.org'))).toBe('https://beta.example.org');
  });

  it('answers preflights for the widget headers', async () => {
    const res = await t.request('OPTIONS', '/api/v1/portals/acme/tickets', {
      headers: {
        origin: SHOP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(res.status).toBe(204);
    expect(allowOf(res)).toBe(SHOP);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toBe(
      'authorization,content-type,idempotency-key',
    );
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('vary')).toMatch(/Origin/);
    const refused = await t.request('OPTIONS', '/api/v1/portals/acme/tickets', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(allowOf(refused)).toBeNull();
  });

  it('allows any enabled portal origin on the sign-in routes, and exposes Retry-After', async () => {
    const res = await t.request('OPTIONS', '/api/v1/auth/email/start', {
      headers: { origin: 'https://beta.example.org', 'access-control-request-method': 'POST' },
    });
    expect(allowOf(res)).toBe('https://beta.example.org');
    const start = await t.request('POST', '/api/v1/auth/email/start', {
      headers: { origin: SHOP },
      body: { portal: 'acme', email: 'x@example.test' },
    });
    expect(start.status).toBe(202);
    expect(allowOf(start)).toBe(SHOP);
    expect(start.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(
      allowOf(
        await t.request('POST', '/api/v1/auth/email/start', {
          headers: { origin: 'https://off.example.net' },
          body: { portal: 'acme', email: 'x@example.test' },
        }),
      ),
    ).toBeNull();
    expect(allowOf(await get('/api/v1/me', SHOP))).toBe(SHOP);
    expect(allowOf(await get('/api/v1/me', 'null'))).toBeNull();
  });

  it('error answers carry the allow header too, so the widget can read them', async () => {
    const res = await t.request('POST', '/api/v1/portals/acme/tickets', {
      token: t.token,
      headers: { origin: SHOP, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(res.status).toBe(415);
    expect(allowOf(res)).toBe(SHOP);
    const unauthorized = await t.request('GET', '/api/v1/portals/acme/tickets', { headers: { origin: SHOP } });
    expect(unauthorized.status).toBe(401);
    expect(allowOf(unauthorized)).toBe(SHOP);
  });

  describe('C4: the public configuration asked from a refused origin', () => {
    it('answers 403 origin_not_allowed that the widget can read, naming the origin and the setting', async () => {
      for (const origin of ROW_20) {
        const res = await t.request('GET', '/api/v1/portals/acme', { headers: { origin } });
        expect(res.status, origin).toBe(403);
        expect(allowOf(res), origin).toBe('*');
        expect(res.headers.get('access-control-allow-credentials'), origin).toBeNull();
        expect(res.headers.get('vary'), origin).toMatch(/Origin/);
        expect(res.json, origin).toEqual({
          error: {
            code: 'origin_not_allowed',
            message: `This site (${origin}) is not allowed to embed portal "acme". Add it to the portal's allowedOrigins.`,
            field: 'allowedOrigins',
          },
        });
      }
      const fr = await t.request('GET', '/api/v1/portals/acme', {
        headers: { origin: 'https://evil.example', 'accept-language': 'fr' },
      });
      expect(fr.json.error.message).toBe(
        'Ce site (https://evil.example) n’est pas autorisé à intégrer le portail « acme ». Ajoutez-le aux allowedOrigins du portail.',
      );
    });

    it('still serves the allowed origins, the server itself and clients without Origin', async () => {
      const allowed = await t.request('GET', '/api/v1/portals/acme', { headers: { origin: SHOP } });
      expect(allowed.status).toBe(200);
      expect(allowOf(allowed)).toBe(SHOP);
      expect(allowed.json.slug).toBe('acme');
      const own = await t.request('GET', '/api/v1/portals/acme', {
        headers: { origin: new URL(t.deps.settings.publicUrl).origin },
      });
      expect(own.status).toBe(200);
      expect(allowOf(own)).toBeNull();
      const plain = await t.request('GET', '/api/v1/portals/acme');
      expect(plain.status).toBe(200);
      expect(allowOf(plain)).toBeNull();
    });

    it('an unknown or disabled portal stays a 404, readable too', async () => {
      for (const slug of ['nope', 'off']) {
        const res = await t.request('GET', `/api/v1/portals/${slug}`, {
          headers: { origin: 'https://off.example.net' },
        });
        expect(res.status, slug).toBe(404);
        expect(allowOf(res), slug).toBe('*');
        expect(res.json.error.code, slug).toBe('not_found');
      }
    });

    it('every other route keeps exact-origin CORS: refused origins get no allow header and the usual answer', async () => {
      for (const origin of ROW_20) {
        const list = await get('/api/v1/portals/acme/tickets', origin);
        expect(list.status, origin).toBe(200);
        expect(allowOf(list), origin).toBeNull();
        // Sign-in routes allow any enabled portal's origins (beta's included), as before.
        const start = await t.request('POST', '/api/v1/auth/email/start', {
          headers: { origin },
          body: { portal: 'acme', email: 'x@example.test' },
        });
        expect(allowOf(start), origin).toBe(origin === 'https://beta.example.org' ? origin : null);
        const preflight = await t.request('OPTIONS', '/api/v1/portals/acme', {
          headers: {
            origin,
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'authorization',
          },
        });
        expect(allowOf(preflight), origin).toBeNull();
      }
    });
  });

  it('routes outside the widget API get no CORS headers', async () => {
    const res = await t.request('GET', '/api/v1/openapi.json', { headers: { origin: SHOP } });
    expect(allowOf(res)).toBeNull();
  });
});
