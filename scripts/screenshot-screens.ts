// The screens `npm run screenshots` photographs. Add yours here: a name, whose
// session it needs, the address (from the demo's ids), and what to wait for
// (and do) before the picture. Playwright's CSS locators reach into shadow roots.
import type { Page } from 'playwright-core';

/** Ids of demo records the screens show, read from the running product. */
export interface DemoIds {
  /** A ticket with a conversation (a recently updated open one with an internal note, if the demo has one). */
  ticketId: string;
  /** A customer with an organization. */
  personId: string;
  organizationId: string;
  /** A ticket of the demo customer's, for the portal's ticket page. */
  customerTicketId: string;
}

export interface Screen {
  /** File name part: `<app>-<name>-<width>-<scheme>-<locale>.png`. */
  name: string;
  app: 'console' | 'portal';
  /** `staff`: the demo admin on the console; `customer`: the demo customer on the full-screen portal; `none`: signed out. */
  session: 'staff' | 'customer' | 'none';
  path: (ids: DemoIds) => string;
  /** Resolves when the screen shows what it is for; may act (open a dialog) first. */
  ready: (page: Page) => Promise<void>;
  /** The whole page rather than the first screenful (a long page whose lower half matters). */
  fullPage?: boolean;
}

const visible = (page: Page, css: string) => page.locator(css).first().waitFor({ state: 'visible' });

/** Polls until no element matches `css` (a panel still loading), for at most 10 s. */
async function gone(page: Page, css: string): Promise<void> {
  const until = Date.now() + 10_000;
  while ((await page.locator(css).count()) > 0) {
    if (Date.now() > until) throw new Error(`still shown after 10 s: ${css}`);
    await page.waitForTimeout(50);
  }
}

const DRAFTS = {
  reply: {
    en: 'Thanks, the export works again: could you try once more?',
    fr: "Merci, l'export fonctionne de nouveau : pouvez-vous réessayer ?",
  },
  note: {
    en: 'Export worker restarted at 9:14; watch the queue.',
    fr: "Worker d'export relancé à 9 h 14 ; surveiller la file.",
  },
};

/** The console's ticket page with its content and side panels loaded, a draft typed in the reply box or as an internal note. */
async function ticketPage(page: Page, mode: 'reply' | 'note'): Promise<void> {
  await visible(page, 'tp-console-ticket h2#ticket-title');
  await visible(page, 'tp-console-ticket ol.messages li');
  await visible(page, 'tp-ticket-properties select');
  await visible(page, 'tp-customer-context dl');
  await gone(page, 'tp-console-ticket p[role=status].muted:not(:empty)');
  if (mode === 'note') await page.locator('tp-ticket-composer input[value=note]').check();
  const lang = (await page.evaluate(() => document.documentElement.lang)) === 'fr' ? 'fr' : 'en';
  // A draft, as an agent types one.
  await page.locator('tp-ticket-composer textarea').fill(DRAFTS[mode][lang]);
}

export const SCREENS: Screen[] = [
  // The console (issue 10).
  {
    name: 'sign-in',
    app: 'console',
    session: 'none',
    path: () => '/console',
    ready: (p) => visible(p, 'tp-sign-in input'),
  },
  { name: 'inbox', app: 'console', session: 'staff', path: () => '/console', ready: (p) => visible(p, 'a.ticket') },
  {
    name: 'inbox-filters',
    app: 'console',
    session: 'staff',
    path: () => '/console?priority=high&view=all',
    ready: async (p) => {
      await visible(p, 'a.ticket');
      await visible(p, 'details.filters[open] select#f-status');
    },
  },
  {
    name: 'inbox-empty',
    app: 'console',
    session: 'staff',
    path: () => '/console?q=nothing-matches-this',
    ready: (p) => visible(p, 'tp-console-inbox .state button'),
  },
  {
    name: 'shortcuts',
    app: 'console',
    session: 'staff',
    path: () => '/console',
    ready: async (p) => {
      await visible(p, 'a.ticket');
      await p.keyboard.press('j');
      await p.keyboard.press('?');
      await visible(p, 'dialog#shortcuts');
    },
  },
  // The ticket page: the conversation, the reply box and every side panel loaded (none still says "Loading").
  {
    name: 'ticket',
    app: 'console',
    session: 'staff',
    path: (ids) => `/console/tickets/${ids.ticketId}`,
    ready: (p) => ticketPage(p, 'reply'),
    fullPage: true,
  },
  {
    name: 'ticket-note',
    app: 'console',
    session: 'staff',
    path: (ids) => `/console/tickets/${ids.ticketId}`,
    ready: (p) => ticketPage(p, 'note'),
    fullPage: true,
  },
  {
    name: 'people',
    app: 'console',
    session: 'staff',
    path: () => '/console/people',
    ready: (p) => visible(p, 'ul.items a'),
  },
  {
    name: 'person',
    app: 'console',
    session: 'staff',
    path: (ids) => `/console/people/${ids.personId}`,
    ready: (p) => visible(p, 'form.edit'),
  },
  {
    name: 'passkeys',
    app: 'console',
    session: 'staff',
    path: () => '/console/passkeys',
    ready: (p) => visible(p, 'tp-passkeys input#pk-name'),
  },
  {
    name: 'organization',
    app: 'console',
    session: 'staff',
    path: (ids) => `/console/organizations/${ids.organizationId}`,
    ready: (p) => visible(p, 'tp-console-organization ul.items a'),
  },
  // People admin, projects, catalog and audit (issue 11, brief D).
  {
    name: 'people-invite',
    app: 'console',
    session: 'staff',
    path: () => '/console/people',
    ready: async (p) => {
      await visible(p, 'ul.items a');
      await p.locator('tp-people-actions button.primary').click();
      await p.locator('tp-people-actions dialog select#i-portal option').first().waitFor({ state: 'attached' });
    },
  },
  {
    name: 'person-deactivate',
    app: 'console',
    session: 'staff',
    path: (ids) => `/console/people/${ids.personId}`,
    ready: async (p) => {
      await p.locator('#access button').click();
      await visible(p, '#access .confirm');
    },
    fullPage: true,
  },
  {
    name: 'settings-projects',
    app: 'console',
    session: 'staff',
    path: () => '/console/settings/projects',
    ready: async (p) => {
      await p.locator('tp-settings-projects button.link').first().click();
      await visible(p, 'tp-settings-projects .detail tp-people-picker input');
    },
    fullPage: true,
  },
  {
    name: 'settings-catalog',
    app: 'console',
    session: 'staff',
    path: () => '/console/settings/catalog',
    ready: (p) => visible(p, 'tp-settings-catalog ul.ruled li'),
    fullPage: true,
  },
  {
    name: 'settings-catalog-field',
    app: 'console',
    session: 'staff',
    path: () => '/console/settings/catalog',
    ready: async (p) => {
      await p.locator('tp-settings-catalog section:last-of-type > p > button.primary').click();
      await p.locator('tp-settings-catalog input#c-name').fill('Affected version');
      await p.locator('tp-settings-catalog select#c-kind').selectOption('select');
      await p.locator('tp-settings-catalog fieldset button:not(.icon-only)').click();
      await p.locator('tp-settings-catalog .opt input').first().fill('2.4');
    },
    fullPage: true,
  },
  {
    name: 'settings-audit',
    app: 'console',
    session: 'staff',
    path: () => '/console/settings/audit',
    ready: async (p) => {
      // The demo is seeded without the API: the admin renames a project there and back, so the log has entries.
      // A string, so the bundler's helpers (which the page does not have) stay out of it.
      await p.evaluate(`(async () => {
        const send = (method, path, body) => fetch('/api/v1/admin' + path, { method, credentials: 'same-origin',
          headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) }).then((r) => r.json());
        const [project] = (await send('GET', '/projects?limit=1')).items;
        await send('PATCH', '/projects/' + project.id, { name: project.name + ' (2026)' });
        await send('PATCH', '/projects/' + project.id, { name: project.name });
      })()`);
      await p.reload();
      await visible(p, 'tp-settings-audit ul.ruled li');
    },
    fullPage: true,
  },
  // Portals and their settings tabs (issue 11, brief B): the list, a delete confirmation, and four tabs of acme.
  {
    name: 'settings-portals',
    app: 'console',
    session: 'staff',
    path: () => '/console/settings/portals',
    ready: (p) => visible(p, 'tp-settings-portals tbody tr'),
  },
  {
    name: 'settings-portal-delete',
    app: 'console',
    session: 'staff',
    path: () => '/console/settings/portals',
    ready: async (p) => {
      await p.locator('tp-settings-portals td.actions button.link').first().click();
      await visible(p, 'tp-settings-portals dialog[open]');
    },
  },
  ...Object.entries({
    access: 'tp-portal-access fieldset + fieldset label.check',
    properties: 'tp-portal-properties select#add',
    views: 'tp-portal-views button.primary',
    embedding: 'tp-portal-embedding button.primary',
  }).map(([tab, css]): Screen => ({
    name: `settings-portal-${tab}`,
    app: 'console',
    session: 'staff',
    path: () => `/console/settings/portals/acme/${tab}`,
    ready: (p) => visible(p, css),
    fullPage: true,
  })),
  {
    name: 'not-found',
    app: 'console',
    session: 'staff',
    path: () => '/console/nowhere',
    ready: (p) => visible(p, 'main h2'),
  },
  // Portal appearance (live preview) and preview as customer (issue 11).
  {
    name: 'portal-appearance',
    app: 'console',
    session: 'staff',
    path: () => '/console/settings/portals/acme/appearance',
    ready: (p) => visible(p, 'tp-portal-appearance tickets-portal[data-scheme=dark] li'),
  },
  {
    name: 'portal-appearance-preview',
    app: 'console',
    session: 'staff',
    path: () => '/console/settings/portals/acme/appearance',
    ready: async (p) => {
      // Unsaved: a main color the white text fails on (the warning) and half a hex code (the error), then the previews.
      await p.locator('tp-portal-appearance input#light-mainColor').fill('#facc15');
      await p.locator('tp-portal-appearance input#dark-bodyColor').fill('#7f7f');
      await visible(p, 'tp-portal-appearance .warning');
      await p.locator('tp-portal-appearance section.live').scrollIntoViewIfNeeded();
      await visible(p, 'tp-portal-appearance tickets-portal[data-scheme=light] li');
    },
  },
  {
    name: 'portal-preview',
    app: 'console',
    session: 'staff',
    path: () => '/console/settings/portals/acme/preview',
    ready: async (p) => {
      await p.locator('tp-portal-preview input#q').fill('alice');
      await p.locator('tp-portal-preview ul.results button').first().click();
      await visible(p, 'tp-portal-preview tickets-portal tp-ticket-list li');
    },
  },

  // The customer portal, full screen.
  {
    name: 'sign-in',
    app: 'portal',
    session: 'none',
    path: () => '/p/acme',
    ready: (p) => visible(p, 'tp-sign-in input'),
  },
  {
    name: 'list',
    app: 'portal',
    session: 'customer',
    path: () => '/p/acme',
    ready: (p) => visible(p, 'tp-ticket-list li'),
  },
  {
    name: 'ticket',
    app: 'portal',
    session: 'customer',
    path: (ids) => `/p/acme/tickets/${ids.customerTicketId}`,
    ready: (p) => visible(p, 'tp-ticket-detail h2'),
  },
  {
    name: 'new',
    app: 'portal',
    session: 'customer',
    path: () => '/p/acme/new',
    ready: (p) => visible(p, 'tp-ticket-create input'),
  },
  {
    name: 'account',
    app: 'portal',
    session: 'customer',
    path: () => '/p/acme/account',
    ready: (p) => visible(p, 'tp-account h2'),
  },
];
