import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { lastSignInMail } from '../auth/auth.test-helpers.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { createLogger } from './request-log.js';

let t: TestContext;
let app: ReturnType<typeof createApp>;
const lines: string[] = [];

beforeAll(async () => {
  t = await createTestContext({ publicUrl: 'https://support.example.test' });
  const typeId = await t.world.ticketType('incident');
  await t.world.portal('acme', [typeId]);
  await t.world.user({ email: 'alice@example.test' });
  app = createApp({ ...t.deps, logger: createLogger({ write: (line: string) => void lines.push(line) }) });
});
afterAll(() => t.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** The log lines as objects, each checked to be one JSON object. */
const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('request log', () => {
  it('writes one JSON line per request with method, path, status, ms and the request id it echoes back', async () => {
    lines.length = 0;
    const res = await app.request('/api/v1/portals/acme', { headers: { 'x-request-id': 'lb-7f3a.1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('lb-7f3a.1');
    const missing = await app.request('/api/v1/portals/nope');
    expect(missing.status).toBe(404);
    const generated = missing.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toHaveLength(2);
    const [first, second] = entries();
    expect(first).toMatchObject({
      level: 30,
      msg: 'request',
      reqId: 'lb-7f3a.1',
      method: 'GET',
      path: '/api/v1/portals/acme',
      status: 200,
    });
    expect(typeof first?.ms).toBe('number');
    expect(typeof first?.time).toBe('string');
    expect(second).toMatchObject({ reqId: generated, status: 404 });
  });

  it('replaces a request id that is not sane (too long, or with spaces or quotes) by its own', async () => {
    for (const bad of ['x'.repeat(129), 'a b', '"},{"level":60']) {
      const res = await app.request('/healthz', { headers: { 'x-request-id': bad } });
      expect(res.headers.get('x-request-id')).not.toBe(bad);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('never logs a sign-in code, link token, session token or refresh token (SECURITY: no secrets in logs)', async () => {
    lines.length = 0;
    expect((await post('/api/v1/auth/email/start', { portal: 'acme', email: 'alice@example.test' })).status).toBe(202);
    const mail = await lastSignInMail(t, 'alice@example.test');
    if (!mail?.code || !mail.token) throw new Error('no sign-in mail');
    // The link page carries its token in the query string.
    expect((await app.request(`/auth/link?token=${encodeURIComponent(mail.token)}`)).status).toBe(200);
    const verified = await post('/api/v1/auth/email/verify', {
      portal: 'acme',
      email: 'alice@example.test',
      code: mail.code,
    });
    expect(verified.status).toBe(200);
    const session = (await verified.json()) as { token: string; refreshToken: string };
    const list = await app.request('/api/v1/portals/acme/tickets', {
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(list.status).toBe(200);
    const refreshed = await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(200);

    const log = lines.join('');
    expect(entries().map((e) => e.path)).toEqual([
      '/api/v1/auth/email/start',
      '/auth/link',
      '/api/v1/auth/email/verify',
      '/api/v1/portals/acme/tickets',
      '/api/v1/auth/refresh',
    ]);
    for (const secret of [mail.code, mail.token, encodeURIComponent(mail.token), session.token, session.refreshToken]) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toContain('alice@example.test');
  });
});
