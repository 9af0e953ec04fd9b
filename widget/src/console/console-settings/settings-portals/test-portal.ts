// Test helper of the portal tabs' component tests: a portal of the test's
// own (the shared acme portal stays as other test files expect it), made and
// read through the admin API on the console's cookie.
import { equal } from '../../../../test/helpers.js';
import type { AdminPortal, PortalPatch } from '../settings-api.js';

const call = (method: string, path: string, body?: unknown) =>
  fetch(`/api/v1/admin/portals${path}`, {
    method,
    credentials: 'same-origin',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : null,
  });

/** Creates portal `slug` (deleting a leftover of the same slug first) with `config` over the defaults. */
export async function testPortal(slug: string, config: PortalPatch = {}): Promise<AdminPortal> {
  await call('DELETE', `/${slug}`);
  const res = await call('POST', '', { slug, config: { name: `Test ${slug}`, ...config } });
  equal(res.status, 201, `portal ${slug} created`);
  return (await res.json()) as AdminPortal;
}

/** The portal as the server has it now. */
export async function portalNow(slug: string): Promise<AdminPortal> {
  return (await (await call('GET', `/${slug}`)).json()) as AdminPortal;
}

export async function dropPortal(slug: string): Promise<void> {
  await call('DELETE', `/${slug}`);
}
