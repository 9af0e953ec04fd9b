import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { outboxCount, requestSignIn } from './auth.test-helpers.js';

let t: TestContext;
let typeId: string;
let portalId: string;

beforeAll(async () => {
  t = await createTestContext({
    trustProxy: true,
    rateLimits: {
      startPerEmail: { limit: 2, windowSeconds: 600 },
      startPerIp: { limit: 4, windowSeconds: 600 },
      verifyPerEmail: { limit: 3, windowSeconds: 600 },
      verifyPerIp: { limit: 6, windowSeconds: 600 },
      postsPerUser: { limit: 3, windowSeconds: 60 },
    },
  });
  typeId = await t.world.ticketType('incident');
  portalId = (await t.world.portal('acme', [typeId])).id;
});
afterAll(() => t.close());

const start = (email: string, ip: string) =>
  t.request('POST', '/api/v1/auth/email/start', {
    body: { portal: 'acme', email },
    headers: { 'x-forwarded-for': ip },
  });

describe('rate limits', () => {
  it('row 9: requests per email beyond the limit → 429 with Retry-After, no more mail sent', async () => {
    await t.world.user({ email: 'flood@example.test' });
    expect((await start('flood@example.test', '10.0.0.1')).status).toBe(202);
    // Another IP does not reset the address's count.
    expect((await start('flood@example.test', '10.0.0.2')).status).toBe(202);
    const mails = await outboxCount(t, 'flood@example.test');
    const limited = await start('flood@example.test', '10.0.0.3');
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(await outboxCount(t, 'flood@example.test')).toBe(mails);
    // Unknown addresses are limited the same way, so a 429 tells nothing.
    await start('ghost@example.test', '10.0.0.4');
    await start('ghost@example.test', '10.0.0.4');
    expect((await start('ghost@example.test', '10.0.0.4')).status).toBe(429);
    t.clock.advance(600 * 1000);
    expect((await start('flood@example.test', '10.0.0.5')).status).toBe(202);
    expect(await outboxCount(t, 'flood@example.test')).toBe(mails + 1);
  });

  it('row 9: requests per IP beyond the limit → 429, no more mail sent', async () => {
    for (let i = 0; i < 4; i += 1) {
      await t.world.user({ email: `ip${i}@example.test` });
      expect((await start(`ip${i}@example.test`, '192.0.2.7')).status).toBe(202);
    }
    await t.world.user({ email: 'ip4@example.test' });
    const limited = await start('ip4@example.test', '192.0.2.7');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await outboxCount(t, 'ip4@example.test')).toBe(0);
    expect((await start('ip4@example.test', '192.0.2.8')).status).toBe(202);
  });

  it('only the last X-Forwarded-For entry (added by our proxy) counts as the client', async () => {
    for (let i = 0; i < 4; i += 1) {
      // A client forging the first entry still lands in its real bucket.
      expect((await start(`xff${i}@example.test`, `203.0.113.${i}, 198.51.100.9`)).status).toBe(202);
    }
    expect((await start('xff9@example.test', '203.0.113.99, 198.51.100.9')).status).toBe(429);
  });

  it('row 9: code checks per email beyond the limit → 429 even with the right code', async () => {
    await t.world.user({ email: 'verify@example.test' });
    const { code } = await requestSignIn(t, 'acme', 'verify@example.test', {}, { 'x-forwarded-for': '10.1.0.1' });
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i += 1) {
      const res = await t.request('POST', '/api/v1/auth/email/verify', {
        body: { portal: 'acme', email: 'verify@example.test', code: wrong },
        headers: { 'x-forwarded-for': `10.1.1.${i}` },
      });
      expect(res.status).toBe(400);
    }
    const limited = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { portal: 'acme', email: 'verify@example.test', code },
      headers: { 'x-forwarded-for': '10.1.2.1' },
    });
    expect(limited.status).toBe(429);
  });

  it('limits posting tickets and messages per user', async () => {
    const user = await t.world.user();
    const token = await t.signIn(user, portalId);
    const ticket = await t.request('POST', '/api/v1/portals/acme/tickets', {
      token,
      body: { typeId, title: 'One', description: 'x' },
    });
    expect(ticket.status).toBe(201);
    expect(
      (
        await t.request('POST', `/api/v1/portals/acme/tickets/${ticket.json.id}/messages`, {
          token,
          body: { body: 'two' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.request('POST', '/api/v1/portals/acme/tickets', {
          token,
          body: { typeId, title: 'Three', description: 'x' },
        })
      ).status,
    ).toBe(201);
    const limited = await t.request('POST', `/api/v1/portals/acme/tickets/${ticket.json.id}/messages`, {
      token,
      body: { body: 'four' },
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      (
        await t.request('POST', '/api/v1/portals/acme/tickets', {
          token,
          body: { typeId, title: 'Five', description: 'x' },
        })
      ).status,
    ).toBe(429);
    const stored = await t.k.selectFrom('tickets').select('id').where('requester_id', '=', user).execute();
    expect(stored).toHaveLength(2);
    // Reading is not limited, and another user has their own allowance.
    expect((await t.request('GET', '/api/v1/portals/acme/tickets', { token })).status).toBe(200);
    const other = await t.signIn(await t.world.user(), portalId);
    expect(
      (
        await t.request('POST', '/api/v1/portals/acme/tickets', {
          token: other,
          body: { typeId, title: 'Mine', description: 'x' },
        })
      ).status,
    ).toBe(201);
    t.clock.advance(61 * 1000);
    expect(
      (
        await t.request('POST', '/api/v1/portals/acme/tickets', {
          token,
          body: { typeId, title: 'Later', description: 'x' },
        })
      ).status,
    ).toBe(201);
  });
});
