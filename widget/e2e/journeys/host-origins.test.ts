// Journey 10: the demo world allows the origin its demo site really runs on
// (DEMO_SITE_PORT is a free port here, never 3001), also after a restart on
// another port; a host page on a refused origin tells the visitor plainly and
// the site's developer precisely (defect 13, contract C4). No admin setup: the
// product is exactly as `npm start` leaves it.
import { expect, test } from 'vitest';
import { openWidgetOnHost } from '../harness/actions.js';
import { watch } from '../harness/browser.js';
import { useJourneys } from '../harness/journeys.js';
import { serveOtherSite } from '../harness/other-site.js';

const world = useJourneys(import.meta.url, { adminSetup: false });

test('on a non-default DEMO_SITE_PORT the demo site offers the sign-in (defect 13)', async () => {
  expect(new URL(world.product.demoSite).port).not.toBe('3001');
  const page = await world.page();
  const panel = await openWidgetOnHost(page, world.product.demoSite);
  await panel.getByRole('button', { name: 'Send code' }).waitFor();
});

test('a host page on an origin the portal does not allow: a plain message for the visitor, one precise console error for the developer (defect 13)', async () => {
  const host = await serveOtherSite(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="${world.product.api}/widget/tickets-portal.js" data-portal="acme" async></script></head>
<body><h1>Our shop</h1></body></html>`);
  try {
    const page = await world.page();
    const log = watch(page);
    const panel = await openWidgetOnHost(page, host.origin);
    await panel.getByText('Support is not available on this page.').waitFor();

    const errors = log.errors.map((e) => e.text());
    // The browser's own line about the refused request is not the widget's to silence.
    const fromWidget = errors.filter((text) => !text.startsWith('Failed to load resource'));
    expect(fromWidget).toHaveLength(1);
    expect(fromWidget[0]).toContain(host.origin);
    expect(fromWidget[0]).toContain('allowedOrigins');
  } finally {
    await host.close();
  }
});

test('restarted on another DEMO_SITE_PORT with the data of an earlier start, the demo site still works (contract C4)', async () => {
  const before = world.product.demoSite;
  const product = await world.restart();
  expect(product.demoSite).not.toBe(before);
  const page = await world.page();
  const panel = await openWidgetOnHost(page, product.demoSite);
  await panel.getByRole('button', { name: 'Send code' }).waitFor();
});
