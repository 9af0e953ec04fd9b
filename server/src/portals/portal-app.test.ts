import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';

/*
 * The portal scope: one guard stack for every customer resource under
 * /api/v1/portals/:slug, and each resource's own body policy (uploads take
 * multipart up to the upload limit; the others JSON up to the JSON limit).
 */

const JSON_LIMIT = 2048;
const UPLOAD_LIMIT = 64 * 1024;

let t: TestContext;
let ticketId: string;
let token: string;
let otherPortalToken: string;

beforeAll(async () => {
  t = await createTestContext({ maxJsonBytes: JSON_LIMIT, maxUploadBytes: UPLOAD_LIMIT });
  const typeId = await t.world.ticketType('incident');
  const acme = await t.world.portal('acme', [typeId]);
  const beta = await t.world.portal('beta', [typeId]);
  const customer = await t.world.user();
  ticketId = (await t.world.ticket({ typeId, requesterId: customer })).id;
  token = await t.signIn(customer, acme.id);
  otherPortalToken = await t.signIn(customer, beta.id);
});
afterAll(() => t.close());

/** One request to each resource mounted in the scope. */
const resources = (slug: string) =>
  [
    ['GET', `/api/v1/portals/${slug}/tickets`],
    ['POST', `/api/v1/portals/${slug}/tickets`],
    ['GET', `/api/v1/portals/${slug}/tickets/${ticketId}`],
    ['POST', `/api/v1/portals/${slug}/tickets/${ticketId}/close`],
    ['GET', `/api/v1/portals/${slug}/tickets/${ticketId}/messages`],
    ['GET', `/api/v1/portals/${slug}/tickets/${ticketId}/followers`],
    ['POST', `/api/v1/portals/${slug}/tickets/${ticketId}/attachments`],
    ['GET', `/api/v1/portals/${slug}/people?q=a`],
    ['GET', `/api/v1/portals/${slug}/events`],
  ] as const;

function upload(size: number): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(size).fill(97)], { type: 'text/plain' }), 'big.txt');
  return form;
}

describe('the portal scope', () => {
  it('guards every resource under it the same way', async () => {
    for (const [method, path] of resources('acme')) {
      expect((await t.request(method, path)).status, `${method} ${path} anonymous`).toBe(401);
      expect(
        (await t.request(method, path, { token: otherPortalToken })).status,
        `${method} ${path} other portal`,
      ).toBe(401);
    }
    for (const [method, path] of resources('nope')) {
      expect((await t.request(method, path, { token })).status, `${method} ${path} unknown portal`).toBe(404);
    }
  });

  it('still serves the public portal page without a session', async () => {
    expect((await t.request('GET', '/api/v1/portals/acme')).status).toBe(200);
  });

  it('lets uploads take multipart bodies above the JSON limit, up to their own limit', async () => {
    const path = `/api/v1/portals/acme/tickets/${ticketId}/attachments`;
    const fits = await t.request('POST', path, { token, body: upload(JSON_LIMIT * 4) });
    expect(fits.status).toBe(201);
    const tooLarge = await t.request('POST', path, { token, body: upload(UPLOAD_LIMIT + 128 * 1024) });
    expect(tooLarge.status).toBe(413);
    const json = await t.request('POST', path, { token, body: { file: 'x' } });
    expect(json.status).toBe(415);
  });

  it('holds the JSON resources to JSON within the JSON limit', async () => {
    const path = `/api/v1/portals/acme/tickets/${ticketId}/messages`;
    const multipart = await t.request('POST', path, { token, body: upload(10) });
    expect(multipart.status).toBe(415);
    const tooLarge = await t.request('POST', path, { token, body: { body: 'x'.repeat(JSON_LIMIT * 2) } });
    expect(tooLarge.status).toBe(413);
    const proto = await t.request('POST', path, { token, body: '{"body":"hi","__proto__":{"a":1}}' });
    expect(proto.status).toBe(400);
    expect((await t.request('POST', path, { token, body: { body: 'hi' } })).status).toBe(201);
  });

  it('answers a path or method the scope does not serve with a 404, its body checked once', async () => {
    for (const [method, path] of [
      ['PUT', '/api/v1/portals/acme/people'],
      ['DELETE', '/api/v1/portals/acme'],
      ['POST', '/api/v1/portals/acme/nothing-here'],
    ] as const) {
      const res = await t.request(method, path, { token, body: { a: 1 } });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });
});
