// Journey 4: the portal's four colors of the active scheme reach every element
// of the widget, light and dark (defect 3), as computed by the browser.
import type { Locator } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { openTicketFromList, openWidgetOnHost, signInWithEmailedCode, unique } from '../harness/actions.js';
import type { Colors } from '../harness/api.js';
import { rgb } from '../harness/browser.js';
import { useJourneys } from '../harness/journeys.js';

const world = useJourneys(import.meta.url);

/** Distinct from the widget's defaults and from each other, so a default cannot pass for them. */
const BRANDING: Record<'light' | 'dark', Colors> = {
  light: { mainColor: '#c2410c', mainTextColor: '#fff7ed', secondaryButtonColor: '#fde68a', bodyColor: '#fffbeb' },
  dark: { mainColor: '#fb923c', mainTextColor: '#1c1917', secondaryButtonColor: '#57534e', bodyColor: '#292524' },
};

beforeAll(async () => {
  await world.admin.patchPortal('acme', { branding: BRANDING });
});

async function colors(el: Locator): Promise<{ background: string; text: string }> {
  return el.evaluate((node) => {
    const style = getComputedStyle(node);
    return { background: style.backgroundColor, text: style.color };
  });
}

const background = async (el: Locator) => (await colors(el)).background;

for (const scheme of ['light', 'dark'] as const) {
  test(`every part of the widget takes the portal's ${scheme} colors (defect 3)`, async () => {
    const brand = BRANDING[scheme];
    const main = { background: rgb(brand.mainColor), text: rgb(brand.mainTextColor) };
    const customer = scheme === 'light' ? 'alice@acme.example' : 'bob@acme.example';
    const title = unique(`Toner alert in ${scheme} mode`);
    await world.admin.createTicket({ requester: customer, title });

    const page = await world.page({ colorScheme: scheme });
    const seen: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    const check = async (name: string, actual: Promise<unknown>, wanted: unknown) => {
      seen[name] = await actual;
      expected[name] = wanted;
    };

    const panel = await openWidgetOnHost(page, world.product.demoSite);
    await check('launcher', colors(page.getByRole('button', { name: 'Support', exact: true })), main);
    await check('header', colors(page.locator('[part~="header"]')), main);
    await check('panel body', background(panel), rgb(brand.bodyColor));
    await check('"Send code" (primary)', colors(panel.getByRole('button', { name: 'Send code' })), main);
    await check('email field', background(panel.getByLabel(/e-?mail/i)), rgb(brand.bodyColor));

    await signInWithEmailedCode(panel, world.mailbox, customer);
    await check('"New ticket" (primary)', colors(panel.getByRole('button', { name: 'New ticket' })), main);
    await openTicketFromList(panel, title);
    await check(
      '"Close ticket" (secondary)',
      background(panel.getByRole('button', { name: 'Close ticket' })),
      rgb(brand.secondaryButtonColor),
    );
    await check('"Send" (primary)', colors(panel.getByRole('button', { name: 'Send', exact: true })), main);
    await check('reply field', background(panel.getByLabel('Your message')), rgb(brand.bodyColor));

    expect(seen).toEqual(expected);
  });
}
