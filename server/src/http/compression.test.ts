import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';
import { COMPRESS_THRESHOLD_BYTES, pickEncoding } from './compression.js';

const t = useTestContext(async (t) => {
  const type = await t.world.ticketType('incident');
  const portal = await t.world.portal('acme', [type]);
  const alice = await t.world.user();
  for (let i = 0; i < 20; i += 1)
    await t.world.ticket({ typeId: type, requesterId: alice, title: `A fairly long ticket title number ${i}` });
  const token = await t.signIn(alice, portal.id);
  return { token };
});

function decode(coding: string | null, body: Buffer): string {
  if (coding === 'br') return brotliDecompressSync(body).toString('utf8');
  if (coding === 'gzip') return gunzipSync(body).toString('utf8');
  return body.toString('utf8');
}

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await t.app.request(path, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  return { res, body, text: decode(res.headers.get('content-encoding'), body) };
}

describe('pickEncoding', () => {
  const offered = ['br', 'gzip', 'identity'] as const;
  it('prefers brotli, then gzip, by q-value, then by our order', () => {
    expect(pickEncoding('gzip, deflate, br, zstd', offered)).toBe('br');
    expect(pickEncoding('gzip, deflate', offered)).toBe('gzip');
    expect(pickEncoding('br;q=0.2, gzip;q=0.8', offered)).toBe('gzip');
    expect(pickEncoding('deflate', offered)).toBe('identity');
    expect(pickEncoding(undefined, offered)).toBe('identity');
    expect(pickEncoding('', offered)).toBe('identity');
    expect(pickEncoding('*', offered)).toBe('br');
    expect(pickEncoding('BR', offered)).toBe('br');
  });
  it('honours refusals', () => {
    expect(pickEncoding('br;q=0, gzip', offered)).toBe('gzip');
    expect(pickEncoding('identity;q=0', offered)).toBeNull();
    expect(pickEncoding('*;q=0', offered)).toBeNull();
    expect(pickEncoding('*;q=0, identity', offered)).toBe('identity');
  });
});

describe('compressed JSON and pages (issue 8, defect 11)', () => {
  it('compresses a large JSON answer with brotli or gzip by Accept-Encoding, with Vary, same JSON', async () => {
    const plain = await get('/api/v1/portals/acme/tickets?view=all', { authorization: `Bearer ${t.token}` });
    expect(plain.res.status).toBe(200);
    expect(plain.body.length).toBeGreaterThan(COMPRESS_THRESHOLD_BYTES);
    expect(plain.res.headers.get('content-encoding')).toBeNull();
    expect(plain.res.headers.get('vary')).toMatch(/Accept-Encoding/);
    for (const [accept, coding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const packed = await get('/api/v1/portals/acme/tickets?view=all', {
        authorization: `Bearer ${t.token}`,
        'accept-encoding': accept,
      });
      expect(packed.res.status).toBe(200);
      expect(packed.res.headers.get('content-encoding')).toBe(coding);
      expect(packed.res.headers.get('vary')).toMatch(/Accept-Encoding/);
      expect(packed.res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(packed.body.length).toBeLessThan(plain.body.length / 2);
      expect(JSON.parse(packed.text)).toEqual(JSON.parse(plain.text));
    }
  });

  it('compresses the OpenAPI document', async () => {
    const doc = await get('/api/v1/openapi.json', { 'accept-encoding': 'br' });
    expect(doc.res.headers.get('content-encoding')).toBe('br');
    expect(JSON.parse(doc.text).openapi).toBe('3.1.0');
  });

  it('leaves small answers alone: compression would not pay', async () => {
    const small = await get('/api/v1/nope', { 'accept-encoding': 'br, gzip' });
    expect(small.res.status).toBe(404);
    expect(small.body.length).toBeLessThan(COMPRESS_THRESHOLD_BYTES);
    expect(small.res.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(small.text).error.code).toBe('not_found');
    // The full-screen page is a few hundred bytes: sent as it is.
    const page = await get('/p/acme', { 'accept-encoding': 'br, gzip' });
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get('content-encoding')).toBeNull();
    expect(page.text).toContain('<tickets-portal portal="acme"');
    expect(page.res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('keeps the live-update stream uncompressed, so events arrive as they happen', async () => {
    const controller = new AbortController();
    const res = await t.app.request('/api/v1/portals/acme/events', {
      headers: { authorization: `Bearer ${t.token}`, 'accept-encoding': 'br, gzip' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('content-encoding')).toBeNull();
    const reader = res.body!.getReader();
    const first = await reader.read();
    // Plain text on the wire: an SSE field, not compressed bytes.
    expect(new TextDecoder().decode(first.value)).toMatch(/^(:|event:|data:|retry:|id:)/m);
    await reader.cancel();
    controller.abort();
  });
});
