import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';
import { sweepOrphanUploads } from '../uploads/orphan-sweep.js';

const t = useTestContext(async (t) => {
  const type = await t.world.ticketType('incident', 'Incident');
  await t.world.portal('acme', [type]);
  const admin = await t.signIn(await t.world.user({ role: 'admin' }));
  const agent = await t.signIn(await t.world.user({ role: 'agent' }));
  return { admin, agent };
});

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64')) as Uint8Array<ArrayBuffer>;
const PNG = b64('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==');
const JPEG = b64(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
);
const WEBP = b64('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==');
const SVG = new TextEncoder().encode(
  '<?xml version="1.0"?>\n<!-- made by hand -->\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">' +
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/></linearGradient></defs>' +
    '<style>rect { fill: url(#g); }</style><rect width="10" height="10"/><use xlink:href="#g"/></svg>',
);

function form(data: Uint8Array<ArrayBuffer> | string, filename: string, type: string, field = 'file'): FormData {
  const body = new FormData();
  body.append(field, new File([data], filename, { type }));
  return body;
}

const upload = (body: FormData, scheme = 'light', token = t.admin, slug = 'acme') =>
  t.request('POST', `/api/v1/admin/portals/${slug}/logos/${scheme}`, { token, body });

/** The path part of a logo URL the API answered. */
const pathOf = (url: string) => new URL(url).pathname;

describe('portal logo upload', () => {
  it('accepts PNG, JPEG, WebP and SVG by their content, sets the logo URL and serves it with safe headers', async () => {
    for (const [bytes, name, declared, sniffed] of [
      [PNG, 'logo.png', 'image/png', 'image/png'],
      // The declared type and name are ignored: the bytes say JPEG.
      [JPEG, 'logo.bin', 'application/octet-stream', 'image/jpeg'],
      [WEBP, 'logo.webp', 'image/webp', 'image/webp'],
      [SVG, 'logo.svg', 'image/svg+xml', 'image/svg+xml'],
    ] as const) {
      const res = await upload(form(bytes, name, declared), 'dark');
      expect(res.status, name).toBe(200);
      const id = createHash('sha256').update(bytes).digest('hex');
      expect(res.json.config.branding.dark.logoUrl).toBe(`http://localhost:3000/api/v1/logos/${id}`);
      expect(res.json.slug).toBe('acme');

      const served = await t.app.request(pathOf(res.json.config.branding.dark.logoUrl));
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe(sniffed);
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      expect(served.headers.get('content-security-policy')).toBe(
        "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      );
      expect(served.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    }
    const row = await t.k.selectFrom('logos').selectAll().where('content_type', '=', 'image/jpeg').executeTakeFirst();
    expect(row?.size).toBe(JPEG.byteLength);
  });

  it('keeps light and dark apart, and the widget’s public config shows the URL', async () => {
    const light = await upload(form(PNG, 'l.png', 'image/png'), 'light');
    const dark = await upload(form(SVG, 'd.svg', 'image/svg+xml'), 'dark');
    expect(light.status).toBe(200);
    expect(dark.json.config.branding.light.logoUrl).toBe(light.json.config.branding.light.logoUrl);
    const pub = await t.request('GET', '/api/v1/portals/acme');
    expect(pub.json.branding.light.logoUrl).toBe(light.json.config.branding.light.logoUrl);
    expect(pub.json.branding.dark.logoUrl).toBe(dark.json.config.branding.dark.logoUrl);
    expect(pub.json.branding.light.logoUrl).not.toBe(pub.json.branding.dark.logoUrl);
  });

  it('refuses an HTML file renamed to .png, and any text that is not an SVG (422 naming file)', async () => {
    for (const [data, name, type] of [
      ['<!DOCTYPE html><html><script>alert(1)</script></html>', 'logo.png', 'image/png'],
      ['<html><body><svg></svg></body></html>', 'logo.svg', 'image/svg+xml'],
      ['GIF89a....', 'logo.gif', 'image/gif'],
      ['%PDF-1.4', 'logo.png', 'image/png'],
    ] as const) {
      const res = await upload(form(data, name, type));
      expect(res.status, data).toBe(422);
      expect(res.json.error.field).toBe('file');
      expect(res.json.error.message).toContain('PNG, JPEG, WebP or SVG');
    }
  });

  it('refuses SVGs with scripts, event handlers, javascript:, external references, foreignObject or a DOCTYPE', async () => {
    const svg = (inner: string, attrs = '') => `<svg xmlns="http://www.w3.org/2000/svg"${attrs}>${inner}</svg>`;
    for (const [data, says] of [
      [svg('<script>alert(1)</script>'), 'scripts'],
      [svg('<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>'), 'scripts'],
      [svg('<rect/>', ' onload="alert(1)"'), 'event-handler'],
      [svg('<rect ONCLICK = "x()"/>'), 'event-handler'],
      [svg('<a href="javascript:alert(1)"><rect/></a>'), 'javascript:'],
      [svg('<a href="&#106;avascript:alert(1)"><rect/></a>'), 'javascript:'],
      [svg('<animate attributeName="href" to="java\tscript:alert(1)"/>'), 'javascript:'],
      [svg('<image href="https://evil.example/track.png"/>'), 'outside itself'],
      [svg('<use xlink:href="other.svg#x"/>', ' xmlns:xlink="http://www.w3.org/1999/xlink"'), 'outside itself'],
      [svg('<rect style="fill: url(https://evil.example/x)"/>'), 'outside itself'],
      [svg('<style>@import "https://evil.example/a.css";</style>'), 'stylesheets'],
      [svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>'), 'foreignObject'],
      ['<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]>' + svg('<text>&x;</text>'), 'DOCTYPE'],
    ] as const) {
      const res = await upload(form(data, 'logo.svg', 'image/svg+xml'));
      expect(res.status, data).toBe(422);
      expect(res.json.error.field).toBe('file');
      expect(res.json.error.message, data).toContain(says);
    }
    // Nothing was kept: no row, and the portal's logos are unchanged.
    const rows = await t.k.selectFrom('logos').select('content_type').execute();
    expect(rows.filter((r) => r.content_type === 'image/svg+xml')).toHaveLength(1);
  });

  it('answers in French too', async () => {
    const res = await t.request('POST', '/api/v1/admin/portals/acme/logos/light', {
      token: t.admin,
      body: form('<svg onload="x()"></svg>', 'x.svg', 'image/svg+xml'),
      headers: { 'accept-language': 'fr' },
    });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/^file : un logo SVG ne doit pas contenir d’attribut/);
  });

  it('refuses a logo over 512 KB (413) and keeps nothing', async () => {
    const big = new Uint8Array(512 * 1024 + 1);
    big.set(PNG);
    const files = () => t.k.selectFrom('logos').select('id').execute();
    const before = (await files()).length;
    const res = await upload(form(big, 'big.png', 'image/png'));
    expect(res.status).toBe(413);
    expect(res.json.error.field).toBe('file');
    const far = await upload(form(new Uint8Array(2 * 1024 * 1024), 'huge.png', 'image/png'));
    expect(far.status).toBe(413);
    expect((await files()).length).toBe(before);
  });

  it('refuses agents (403), bad schemes (400), unknown portals (404), non-multipart bodies (415)', async () => {
    const agent = await upload(form(PNG, 'l.png', 'image/png'), 'light', t.agent);
    expect(agent.status).toBe(403);
    const agentDelete = await t.request('DELETE', '/api/v1/admin/portals/acme/logos/light', { token: t.agent });
    expect(agentDelete.status).toBe(403);
    const anonymous = await t.request('POST', '/api/v1/admin/portals/acme/logos/light', {
      body: form(PNG, 'l.png', 'image/png'),
    });
    expect(anonymous.status).toBe(401);
    const scheme = await upload(form(PNG, 'l.png', 'image/png'), 'sepia');
    expect(scheme.status).toBe(400);
    expect(scheme.json.error.field).toBe('scheme');
    expect((await upload(form(PNG, 'l.png', 'image/png'), 'light', t.admin, 'nope')).status).toBe(404);
    const json = await t.request('POST', '/api/v1/admin/portals/acme/logos/light', { token: t.admin, body: {} });
    expect(json.status).toBe(415);
    const wrongField = await upload(form(PNG, 'l.png', 'image/png', 'logo'));
    expect(wrongField.status).toBe(400);
    expect(wrongField.json.error.field).toBe('logo');
  });

  it('removes a logo: the URL becomes null, the public config follows', async () => {
    const res = await t.request('DELETE', '/api/v1/admin/portals/acme/logos/dark', { token: t.admin });
    expect(res.status).toBe(200);
    expect(res.json.config.branding.dark.logoUrl).toBeNull();
    expect(res.json.config.branding.light.logoUrl).not.toBeNull();
    const pub = await t.request('GET', '/api/v1/portals/acme');
    expect(pub.json.branding.dark.logoUrl).toBeNull();
  });

  it('answers 404 for an unknown logo and 400 for a malformed id', async () => {
    const unknown = await t.request('GET', `/api/v1/logos/${'0'.repeat(64)}`);
    expect(unknown.status).toBe(404);
    const bad = await t.request('GET', '/api/v1/logos/..%2Fetc');
    expect(bad.status).toBe(400);
  });

  it('stores the same image once (content-addressed), and the orphan sweep keeps logos (last: it moves the clock past the sessions)', async () => {
    const before = await t.k.selectFrom('logos').select('id').execute();
    const again = await upload(form(PNG, 'again.png', 'image/png'), 'light');
    expect(again.status).toBe(200);
    expect((await t.k.selectFrom('logos').select('id').execute()).length).toBe(before.length);
    t.clock.advance(2 * 3600_000);
    const swept = await sweepOrphanUploads(t.k, t.deps.storage, t.clock.now());
    expect(swept.orphans).toBe(0);
    const served = await t.app.request(pathOf(again.json.config.branding.light.logoUrl));
    expect(served.status).toBe(200);
  });
});
