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
  /** The demo customer's ticket the run sets up: a conversation with both sides, grouped messages, links and an image. */
  conversationTitle: string;
  conversationTicketId: string;
  /** The demo customer's resolved ticket, which asks for a rating. */
  ratingTitle: string;
  ratingTicketId: string;
  /** Emailed-link pages: `/auth/link?token=…` of a usable, an expired and a used link. */
  linkConfirm: string;
  linkExpired: string;
  linkUsed: string;
  /** The demo host page on an origin the portal does not allow (its IP rather than its name). */
  foreignHost: string;
}

export interface Screen {
  /** File name part: `<app>-<name>-<width>-<scheme>-<locale>.png`. */
  name: string;
  /**
   * `console`, `portal` (full screen) and `link` (the emailed-link pages) are on the server's origin;
   * `widget` is the embedded widget on the demo host page.
   */
  app: 'console' | 'portal' | 'widget' | 'link';
  /**
   * `staff`: the demo admin; `customer`: the demo customer (Alice), with tickets; `newcomer`: a
   * customer without any; signed in on the full-screen portal (cookie) and in the widget on the demo
   * host (its own session there). `none`: signed out, in the browser's language.
   */
  session: 'staff' | 'customer' | 'newcomer' | 'none';
  /** The address: a path on the server (or on the demo host, for `widget`), or a whole URL. */
  path: (ids: DemoIds) => string;
  /** Runs before the page loads (e.g. holds an answer back to catch a loading state). */
  prepare?: (page: Page) => Promise<unknown>;
  /** Resolves when the screen shows what it is for; may act (open a dialog) first. */
  ready: (page: Page, ids: DemoIds) => Promise<void>;
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

  // The customer portal, full screen and in the widget on the demo host page (issue 12).
  ...customerScreens('portal'),
  ...customerScreens('widget'),
  {
    name: 'not-available',
    app: 'portal',
    session: 'none',
    path: () => '/p/no-such-portal',
    ready: (p) => visible(p, 'h1'),
  },
  {
    name: 'not-available',
    app: 'widget',
    session: 'none',
    path: (ids) => ids.foreignHost,
    ready: async (p) => {
      await p.locator('tickets-portal button.launcher').click();
      await visible(p, 'tickets-portal [role=alert]');
    },
  },
  // The pages the emailed links open.
  { name: 'confirm', app: 'link', session: 'none', path: (ids) => ids.linkConfirm, ready: (p) => visible(p, 'button') },
  {
    name: 'expired',
    app: 'link',
    session: 'none',
    path: (ids) => ids.linkExpired,
    ready: (p) => visible(p, 'a.button'),
  },
  { name: 'used', app: 'link', session: 'none', path: (ids) => ids.linkUsed, ready: (p) => visible(p, 'a.button') },
];

/** A real 64×40 PNG (two colored halves), as a screenshot a customer attaches. */
export const SAMPLE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAEAAAAAoCAIAAADBrGu+AAAARElEQVR42u3PMQ0AMAgAMP7pQNl8zeBufjRw8DWpgUbev6reWRUCAgICAgICAgICAgICAgICAgICAgICAgICAgICAhMNsEVV4gSkA5YAAAAASUVORK5CYII=',
  'base64',
);

/**
 * The widget's panel opened on the demo host page (a launcher click, as a visitor does), its
 * first view shown; the same screens full screen need no click.
 */
async function opened(page: Page, app: 'portal' | 'widget'): Promise<void> {
  if (app === 'widget') {
    await page.locator('tickets-portal button.launcher').click();
    await visible(page, 'tickets-portal dialog[open]');
  }
}

/** Opens a ticket from the list by its title (searched for, as a customer does). */
async function openTicket(page: Page, title: string): Promise<void> {
  await visible(page, 'tp-ticket-list li');
  await page.locator('tp-ticket-list input#q').fill(title);
  await page.locator('tp-ticket-list li button', { hasText: title }).first().click();
  await visible(page, 'tp-ticket-detail h2');
}

/** Every customer screen, in the full-screen portal (`portal`) or the embedded widget (`widget`). */
function customerScreens(app: 'portal' | 'widget'): Screen[] {
  const home = app === 'portal' ? '/p/acme' : '/';
  return [
    ...(app === 'widget'
      ? [
          {
            name: 'launcher',
            app,
            session: 'none',
            path: () => home,
            ready: (p) => visible(p, 'tickets-portal button.launcher'),
          } satisfies Screen,
        ]
      : []),
    {
      name: 'sign-in',
      app,
      session: 'none',
      path: () => home,
      ready: async (p) => {
        await opened(p, app);
        await visible(p, 'tp-sign-in input#email');
      },
    },
    {
      name: 'sign-in-code',
      app,
      session: 'none',
      path: () => home,
      ready: async (p) => {
        await opened(p, app);
        await p.locator('tp-sign-in input#email').fill('erin@acme.example');
        await p.locator('tp-sign-in button.primary').click();
        await visible(p, 'tp-sign-in input#code');
      },
    },
    {
      name: 'list',
      app,
      session: 'customer',
      path: () => home,
      ready: async (p) => {
        await opened(p, app);
        await visible(p, 'tp-ticket-list li');
        // The views' counts arrive with their own request.
        await visible(p, app === 'portal' ? 'tp-ticket-list nav .count' : 'tp-ticket-list select#view');
      },
    },
    {
      name: 'views',
      app,
      session: 'customer',
      path: () => home,
      ready: async (p) => {
        await opened(p, app);
        await visible(p, 'tp-ticket-list li');
        // Another view chosen: in the side panel (wide, full screen), in the picker (the widget, phones).
        const picker = p.locator('tp-ticket-list select#view');
        if (await picker.isVisible()) {
          await picker.selectOption('my_closed');
          await picker.focus();
        } else {
          await p
            .locator('tp-ticket-list nav button', { hasText: /My closed|Mes fermés/ })
            .first()
            .click();
        }
        await p.waitForTimeout(400);
      },
    },
    {
      name: 'list-empty',
      app,
      session: 'newcomer',
      path: () => home,
      ready: async (p) => {
        await opened(p, app);
        await visible(p, 'tp-ticket-list .state button');
      },
    },
    {
      name: 'list-loading',
      app,
      session: 'customer',
      path: () => home,
      // The list's answer never comes while the picture is taken: its skeleton stays.
      prepare: (p) =>
        p.route(
          (url) => /\/api\/v1\/portals\/acme\/tickets$/.test(url.pathname),
          () => new Promise(() => undefined),
        ),
      ready: async (p) => {
        await opened(p, app);
        await visible(p, 'tp-ticket-list .skeleton');
      },
    },
    {
      name: 'new',
      app,
      session: 'customer',
      path: () => (app === 'portal' ? '/p/acme/new' : home),
      ready: async (p) => {
        await opened(p, app);
        if (app === 'widget') await p.locator('tp-ticket-list .head button.primary').click();
        await visible(p, 'tp-ticket-create input#title');
        // The form's own language (the host page's lang is the host's).
        const lang = (await p.locator('tp-ticket-create label[for=title]').innerText()).startsWith('Titre')
          ? 'fr'
          : 'en';
        await p
          .locator('tp-ticket-create input#title')
          .fill(lang === 'fr' ? 'Le badge ne passe plus au portique' : 'Badge no longer opens the front gate');
        await p
          .locator('tp-ticket-create input#files')
          .setInputFiles({ name: 'gate-error.png', mimeType: 'image/png', buffer: SAMPLE_PNG });
        // The thumbnail, decoded (an arrow function: tsx would wrap a named one in a helper the page lacks).
        const thumb = p.locator('tp-ticket-create .pending img');
        await thumb.waitFor();
        await thumb.evaluate(
          (img: HTMLImageElement) =>
            new Promise((resolve) => (img.complete ? resolve(null) : img.addEventListener('load', resolve))),
        );
        // The files sit at the end of the form: show them.
        await thumb.scrollIntoViewIfNeeded();
      },
    },
    {
      name: 'ticket',
      app,
      session: 'customer',
      path: (ids) => (app === 'portal' ? `/p/acme/tickets/${ids.conversationTicketId}` : home),
      ready: async (p, ids) => {
        await opened(p, app);
        if (app === 'widget') await openTicket(p, ids.conversationTitle);
        await visible(p, 'tp-conversation ol li');
        await visible(p, 'tp-conversation img.thumb');
      },
      fullPage: app === 'portal',
    },
    {
      name: 'rating',
      app,
      session: 'customer',
      path: (ids) => (app === 'portal' ? `/p/acme/tickets/${ids.ratingTicketId}` : home),
      ready: async (p, ids) => {
        await opened(p, app);
        if (app === 'widget') await openTicket(p, ids.ratingTitle);
        await visible(p, 'tp-ticket-detail form.rating');
        await p.locator('tp-ticket-detail form.rating button.choice.good').click();
        // The rating form sits below the conversation: bring it into view.
        await p.locator('tp-ticket-detail form.rating').scrollIntoViewIfNeeded();
      },
    },
    {
      name: 'account',
      app,
      session: 'customer',
      path: () => (app === 'portal' ? '/p/acme/account' : home),
      ready: async (p) => {
        await opened(p, app);
        if (app === 'widget') await p.locator('tickets-portal header button', { hasText: /Account|Compte/ }).click();
        await visible(p, 'tp-account h2');
        // Passkeys: full screen only (they belong to the server's own origin).
        if (app === 'portal') await visible(p, 'tp-passkeys input#pk-name');
      },
      fullPage: app === 'portal',
    },
  ];
}
