import {
  $,
  assert,
  byText,
  cleanup,
  click,
  equal,
  find,
  findAll,
  mount,
  record,
  server,
  waitFor,
  world,
  type Recording,
} from '../../test/helpers.js';

/** Requests to `path` the page has completed since the last `performance.clearResourceTimings()`. */
function requestsTo(path: string): number {
  return performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === path).length;
}

describe('ApiClient session renewal', () => {
  afterEach(cleanup);

  it('renews an expired bearer token with the refresh token, once, without the customer noticing', async () => {
    const title = `Renewal ${Date.now()}`;
    await server.newTicket(title);
    // The bearer token lives 2 s by the server's clock; the refresh token is what sign-in leaves.
    const session = await server.shortSession('dana', 2);
    const el = await mount({ token: session.token, refreshToken: session.refreshToken });
    await byText(el, 'li button', title);
    equal(sessionStorage.getItem('tp:acme:access'), session.token, 'first token in use');

    await server.advanceClock(5_000);
    performance.clearResourceTimings();
    // Opening the ticket asks for the ticket and its messages at once: both get 401,
    // and must share one refresh (a second use of the refresh token would end the session).
    (await byText<HTMLButtonElement>(el, 'li button', title)).click();
    await byText(el, 'h2', title);
    await byText(el, 'p', 'No messages yet');
    equal(requestsTo('/api/v1/auth/refresh'), 1, 'refresh requests');

    const renewed = sessionStorage.getItem('tp:acme:access');
    const nextRefresh = localStorage.getItem('tp:acme:refresh');
    equal(renewed !== null && renewed !== session.token, true, 'a new bearer token is kept');
    equal(nextRefresh !== null && nextRefresh !== session.refreshToken, true, 'the refresh token rotated');
    equal(await server.refreshTokenSpent(session.refreshToken), true, 'the old refresh token is spent');
    equal(await server.refreshTokenSpent(nextRefresh!), false, 'the new one is not');
    equal(find(el, 'tp-sign-in'), undefined, 'still signed in');
  });

  it('renews a token that expired while the page was away, before the first screen', async () => {
    const title = `Away ${Date.now()}`;
    await server.newTicket(title);
    const session = await server.shortSession('dana', 1);
    await server.advanceClock(5_000);
    const el = await mount({ token: session.token, refreshToken: session.refreshToken });
    await byText(el, 'li button', title);
    equal(find(el, 'tp-sign-in'), undefined, 'no sign-in asked');
    equal(await server.refreshTokenSpent(session.refreshToken), true, 'renewed with the refresh token');
  });

  it('signs out when the refresh token was already used (a copied token ends the session)', async () => {
    const session = await server.shortSession('dana', 1);
    await server.advanceClock(5_000);
    // Someone else traded it in first.
    const w = await world();
    const res = await fetch(`${w.api}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    equal(res.status, 200, 'first use');
    const el = await mount({ token: session.token, refreshToken: session.refreshToken });
    await $(el, 'tp-sign-in');
    await byText(el, 'h2', 'Sign in');
    await waitFor(() => localStorage.getItem('tp:acme:refresh') === null, 'refresh token forgotten');
    equal(sessionStorage.getItem('tp:acme:access'), null, 'bearer token forgotten');
  });
});

describe('ApiClient session renewal across tabs', () => {
  afterEach(cleanup);

  it('two tabs renewing at once take turns, and the second uses the token the first received', async () => {
    const { ApiClient } = await import('./client.js');
    /** A tab's client that counts its own renewals (other clients of this test page may renew too). */
    class Tab extends ApiClient {
      renewals = 0;
      override send<T>(...args: Parameters<InstanceType<typeof ApiClient>['send']>): Promise<T> {
        if (args[1] === '/auth/refresh') this.renewals += 1;
        return super.send<T>(...args);
      }
    }
    const w = await world();
    const session = await server.shortSession('dana', 2);
    localStorage.setItem('tp:acme:refresh', session.refreshToken);
    sessionStorage.setItem('tp:acme:access', session.token);
    // Two clients with their own memory and one localStorage: two tabs of one host site.
    const tabs = [new Tab(w.api, 'acme'), new Tab(w.api, 'acme')];
    await server.advanceClock(5_000);

    const answers = await Promise.allSettled(tabs.map((tab) => tab.me()));
    equal(answers.map((a) => a.status).join(), 'fulfilled,fulfilled', 'both tabs still signed in');
    equal(tabs.map((tab) => tab.renewals).join(), '1,1', 'one renewal per tab, one after the other');
    equal(await server.refreshTokenSpent(session.refreshToken), true, 'the first renewal spent the first token');
    const last = localStorage.getItem('tp:acme:refresh');
    equal(await server.refreshTokenSpent(last!), false, 'the session lives on: its newest refresh token is unspent');
    equal((await tabs[0]!.me()).email !== undefined, true, 'the first tab keeps working');
  });
});

describe('no request bound to fail (a clean host console)', () => {
  afterEach(cleanup);

  /** The API's answers in a recording, in order, as `METHOD /path status`. */
  const api = (rec: Recording) =>
    rec.responses
      .filter((r) => new URL(r.url).pathname.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${new URL(r.url).pathname} ${r.status}`);
  const errors = (rec: Recording) => rec.console.filter((m) => m.type === 'error').map((m) => m.text);
  const AUTHENTICATED = / \/api\/v1\/(me|portals\/acme\/(tickets|events))/;

  it('a first visit asks nothing that needs a session, and the console stays clean', async () => {
    const rec = await record(async () => {
      const el = await mount({ mode: 'embedded', token: null });
      await click(await $(el, 'button.launcher'));
      await byText(el, 'h2', 'Sign in');
    });
    equal(api(rec).join(', '), 'GET /api/v1/portals/acme 200', 'requests');
    equal(errors(rec).join('\n'), '', 'console errors');
  });

  it('a returning visitor on a new page (only the refresh token kept) renews before asking anything', async () => {
    const title = `New page ${Date.now()}`;
    await server.newTicket(title);
    const session = await server.shortSession('dana', 600);
    const rec = await record(async () => {
      const el = await mount({ mode: 'embedded', token: null, refreshToken: session.refreshToken });
      await click(await $(el, 'button.launcher'));
      await byText(el, 'li button', title);
    });
    const calls = api(rec);
    equal(calls.filter((c) => / [45]\d\d$/.test(c)).join(', '), '', 'refused requests');
    equal(calls.filter((c) => c.startsWith('POST /api/v1/auth/refresh')).length, 1, 'refreshes');
    const first = calls.findIndex((c) => AUTHENTICATED.test(c));
    assert(
      first > calls.indexOf('POST /api/v1/auth/refresh 200'),
      `renewed before the first authenticated request: ${calls.join(', ')}`,
    );
    equal(errors(rec).join('\n'), '', 'console errors');
  });

  it('an expired access token is renewed first: exactly one refresh, then the request', async () => {
    const title = `Expired ${Date.now()}`;
    await server.newTicket(title);
    // Issued for 2 s by the server's clock, which then moves on: the server would refuse it.
    const session = await server.shortSession('dana', 2);
    await server.advanceClock(5_000);
    let el!: Awaited<ReturnType<typeof mount>>;
    const rec = await record(async () => {
      // The widget of an earlier page kept the token and meant to renew it a second ago.
      el = await mount({ token: session.token, refreshToken: session.refreshToken, renewAt: Date.now() - 1000 });
      await byText(el, 'li button', title);
    });
    const calls = api(rec);
    equal(calls.filter((c) => / [45]\d\d$/.test(c)).join(', '), '', 'refused requests');
    equal(calls.filter((c) => c.startsWith('POST /api/v1/auth/refresh')).length, 1, 'refreshes');
    assert(
      calls.findIndex((c) => AUTHENTICATED.test(c)) > calls.indexOf('POST /api/v1/auth/refresh 200'),
      `refresh first: ${calls.join(', ')}`,
    );
    equal(errors(rec).join('\n'), '', 'console errors');
    assert(Number(sessionStorage.getItem('tp:acme:renew')) > Date.now(), 'the new token is due for renewal later');

    // The renewed token serves what follows, without another refresh.
    const next = await record(async () => {
      await click(await byText(el, 'nav button', 'My open'));
      await waitFor(() => findAll(el, 'li .title').length > 0 && !find(el, 'ol[aria-busy=true]'), 'my open view');
    });
    equal(
      api(next)
        .filter((c) => !/ \/api\/v1\/portals\/acme\/tickets \d+$/.test(c))
        .join(', '),
      '',
      'nothing but the list',
    );
    assert(api(next).includes('GET /api/v1/portals/acme/tickets 200'), 'the list');
  });
});

describe('the interface language on every request', () => {
  afterEach(cleanup);

  for (const locale of ['fr', 'en'] as const) {
    it(`asks the API in ${locale} (Accept-Language), uploads and the live stream included`, async () => {
      const w = await world();
      const title = `Langue ${locale} ${Date.now()}`;
      await server.newTicket(title);
      const rec = await record(async () => {
        const el = await mount({ token: w.tokens.dana, locale });
        (await byText<HTMLButtonElement>(el, 'li button', title)).click();
        const conversation = await $(el, 'tp-conversation');
        await waitFor(() => find(conversation, 'p.muted'), 'conversation loaded');
        find<HTMLTextAreaElement>(conversation, 'textarea#reply')!.value = 'Voici le journal.';
        const transfer = new DataTransfer();
        transfer.items.add(new File(['log'], 'journal.txt', { type: 'text/plain' }));
        find<HTMLInputElement>(conversation, 'input#files')!.files = transfer.files;
        find<HTMLButtonElement>(conversation, 'button.primary')!.click();
        await byText(conversation, 'li p', 'Voici le journal.');
      });
      const calls = rec.responses.filter(
        (r) => new URL(r.url).pathname.startsWith('/api/v1/') && r.method !== 'OPTIONS',
      );
      const paths = calls.map((r) => `${r.method} ${new URL(r.url).pathname.replace(/[\w-]{20,}/g, ':id')}`);
      for (const expected of [
        'GET /api/v1/portals/acme',
        'GET /api/v1/portals/acme/tickets',
        'GET /api/v1/portals/acme/events',
        'POST /api/v1/portals/acme/tickets/:id/attachments',
        'POST /api/v1/portals/acme/tickets/:id/messages',
      ]) {
        assert(paths.includes(expected), `${expected} among ${paths.join(', ')}`);
      }
      equal(
        calls
          .filter((r) => r.language !== locale)
          .map((r) => `${r.method} ${r.url}: ${r.language}`)
          .join('\n'),
        '',
        `requests not in ${locale}`,
      );
    });
  }
});
