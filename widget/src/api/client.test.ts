import { $, byText, cleanup, equal, find, mount, server, waitFor, world } from '../../test/helpers.js';

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
    const w = await world();
    const session = await server.shortSession('dana', 2);
    localStorage.setItem('tp:acme:refresh', session.refreshToken);
    sessionStorage.setItem('tp:acme:access', session.token);
    // Two clients with their own memory and one localStorage: two tabs of one host site.
    const tabs = [new ApiClient(w.api, 'acme'), new ApiClient(w.api, 'acme')];
    await server.advanceClock(5_000);
    performance.clearResourceTimings();

    const answers = await Promise.allSettled(tabs.map((tab) => tab.me()));
    equal(answers.map((a) => a.status).join(), 'fulfilled,fulfilled', 'both tabs still signed in');
    equal(requestsTo('/api/v1/auth/refresh'), 2, 'one renewal per tab, one after the other');
    const last = localStorage.getItem('tp:acme:refresh');
    equal(await server.refreshTokenSpent(last!), false, 'the session lives on: its newest refresh token is unspent');
    equal((await tabs[0]!.me()).email !== undefined, true, 'the first tab keeps working');
  });
});
