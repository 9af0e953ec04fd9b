// Journey (issue 11, points 5 and 7): an admin changes the acme portal's main
// colors and uploads its logos on the console's Appearance tab; the live
// preview (the real widget, light and dark) shows them before anything is
// saved; once saved, the widget on the demo host page shows them in light and
// in dark. Then the admin previews the portal as a customer: the real widget
// shows exactly that customer's list (compared with the API as that customer),
// offers no changes, and the server refuses one made with the preview's session.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openWidgetOnHost, signInWithEmailedCode } from '../harness/actions.js';
import { signInByEmail } from '../harness/api.js';
import { rgb } from '../harness/browser.js';
import { useJourneys } from '../harness/journeys.js';

const world = useJourneys(import.meta.url);

/** Distinct from the demo's colors and the widget's defaults, so neither can pass for them. */
const MAIN = { light: '#7e22ce', dark: '#f0abfc' } as const;
/** A 1×1 PNG, and a plain SVG: the two logos. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#f0abfc"/></svg>',
);

type Branding = Record<'light' | 'dark', { logoUrl: string | null; mainColor: string }>;
/** The acme portal's branding as saved, from the admin API. */
async function savedBranding(): Promise<Branding> {
  const portal = (await world.admin.session.request('GET', '/admin/portals/acme')) as {
    config: { branding: Branding };
  };
  return portal.config.branding;
}

const background = (el: Locator) => el.evaluate((node) => getComputedStyle(node).backgroundColor);
/** The address the logo is actually drawn from (a <picture> may pick its dark source). */
const logoSource = (img: Locator) => img.evaluate((node) => (node as HTMLImageElement).currentSrc);

describe('appearance with live preview, and preview as customer', () => {
  let admin: Page;
  const logos = { light: '', dark: '' };

  test('the preview shows a new main color and uploaded logos before anything is saved', async () => {
    admin = await world.page({ keep: 'file' });
    await admin.goto(`${world.product.api}/console`);
    await signInWithEmailedCode(admin, world.mailbox, 'admin@example.com');
    await admin.getByRole('button', { name: 'Sign out' }).waitFor();
    await admin.goto(`${world.product.api}/console/settings/portals/acme/appearance`);
    const tab = admin.locator('tp-portal-appearance');
    const preview = (scheme: 'light' | 'dark') => tab.locator(`tickets-portal[data-scheme=${scheme}]`);

    for (const scheme of ['light', 'dark'] as const) {
      const fieldset = tab.getByRole('group', { name: scheme === 'light' ? 'Light' : 'Dark' });
      await fieldset.getByRole('textbox', { name: 'Main color, hex code' }).fill(MAIN[scheme]);
      // The logo saves at once (the server stores it), the colors wait for Save.
      await fieldset
        .getByLabel('Choose a file')
        .setInputFiles(
          scheme === 'light'
            ? { name: 'logo.png', mimeType: 'image/png', buffer: PNG }
            : { name: 'logo.svg', mimeType: 'image/svg+xml', buffer: SVG },
        );
      await fieldset.getByText('Logo saved.').waitFor();
    }
    const saved = await savedBranding();
    for (const scheme of ['light', 'dark'] as const) {
      logos[scheme] = saved[scheme].logoUrl ?? '';
      expect(logos[scheme]).toMatch(/\/api\/v1\/logos\//);
      // Not saved yet: the portal keeps its colors.
      expect(saved[scheme].mainColor).not.toBe(MAIN[scheme]);
    }
    expect(logos.light).not.toBe(logos.dark);

    for (const scheme of ['light', 'dark'] as const) {
      const header = preview(scheme).locator('header');
      await expect.poll(() => background(header)).toBe(rgb(MAIN[scheme]));
      await expect.poll(() => logoSource(header.locator('img'))).toBe(logos[scheme]);
      // The sample list, not anyone's tickets.
      await preview(scheme)
        .getByRole('button', { name: /Cannot sign in on the mobile app/ })
        .waitFor();
    }
  });

  test('after saving, the widget on the demo host page shows them, in light and in dark', async () => {
    const tab = admin.locator('tp-portal-appearance');
    await tab.getByRole('button', { name: 'Save changes' }).click();
    await tab.getByText('Saved.', { exact: true }).waitFor();

    for (const scheme of ['light', 'dark'] as const) {
      const page = await world.page({ colorScheme: scheme });
      const panel = await openWidgetOnHost(page, world.product.demoSite);
      const header = panel.locator('[part~="header"]');
      await expect.poll(() => background(header)).toBe(rgb(MAIN[scheme]));
      await expect.poll(() => logoSource(header.locator('img'))).toBe(logos[scheme]);
    }
  });

  test('a file that is not an image is refused in words', async () => {
    const fieldset = admin.locator('tp-portal-appearance').getByRole('group', { name: 'Light' });
    await fieldset
      .getByLabel('Choose a file')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
    const alert = fieldset.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/PNG|JPEG|SVG|WebP|image/i);
    // The logo saved before is still there.
    expect((await savedBranding()).light.logoUrl).toBe(logos.light);
  });

  test('preview as customer shows exactly her list, read-only', async () => {
    const customer = 'alice@acme.example';
    const own = (await (
      await signInByEmail(world.product.api, world.mailbox, customer)
    ).request('GET', '/portals/acme/tickets?view=all')) as { items: { id: string; title: string }[] };
    expect(own.items.length).toBeGreaterThan(0);

    await admin.goto(`${world.product.api}/console/settings/portals/acme/preview`);
    const tab = admin.locator('tp-portal-preview');
    await tab.getByLabel('Find a customer').fill('alice');
    await tab.getByRole('button', { name: new RegExp(`View as .*${customer}`) }).click();
    expect(await tab.getByRole('region', { name: 'Preview as customer' }).textContent()).toContain(customer);

    const portal = tab.locator('tickets-portal');
    const rows = portal.locator('tp-ticket-list ol > li .title');
    await rows.first().waitFor();
    expect(await rows.allTextContents()).toEqual(own.items.map((t) => t.title));
    // Read-only: no way to open a ticket, and a change sent with the preview's session is refused.
    expect(await portal.getByRole('button', { name: 'New ticket' }).count()).toBe(0);
    const token = await portal.getAttribute('preview-token');
    const refused = await admin.evaluate(
      async ({ token, id }) => {
        const res = await fetch(`/api/v1/portals/acme/tickets/${id}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ body: 'Written from a preview.', attachmentIds: [] }),
        });
        return { status: res.status, body: (await res.json()) as { error: { message: string } } };
      },
      { token, id: own.items[0]!.id },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('A preview cannot change anything.');

    await tab.getByRole('button', { name: 'Leave the preview' }).click();
    await expect
      .poll(() =>
        tab.getByLabel('Find a customer').evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement),
      )
      .toBe(true);
  });
});
