// Journeys 2 and 3: emailed links (notification and sign-in) sign people in on
// the full-screen portal; a cross-site POST cannot; a signed-out deep link keeps
// its ticket through sign-in.
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { escapeRegExp, signInWithEmailedCode, unique } from '../harness/actions.js';
import { useJourneys } from '../harness/journeys.js';
import { hasSignInCode, signInLink } from '../harness/mailbox.js';
import { serveOtherSite } from '../harness/other-site.js';

const world = useJourneys(import.meta.url);

/** The confirm page of an emailed link: its one button spends the link. */
async function confirm(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByRole('button', { name: /sign in|continue/i }).click();
}

/** Signed in on the full-screen portal: the header offers the account, no sign-in form is shown. */
async function expectSignedIn(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Account' }).waitFor();
  expect(await page.getByRole('button', { name: 'Send code' }).count()).toBe(0);
}

test('the link in a notification email signs in and opens that ticket in the full-screen portal (defect 2)', async () => {
  const title = unique('Invoice PDF is blank');
  const ticket = await world.admin.createTicket({ requester: 'erin@acme.example', title });
  const since = world.mailbox.mark();
  await world.admin.reply(ticket.id, 'Could you send us the invoice number?');
  const link = signInLink(await world.mailbox.latest('erin@acme.example', { since }));
  // A mail scanner opens every link first: that spends nothing.
  expect((await fetch(link)).status).toBe(200);

  const page = await world.page();
  await confirm(page, link);

  await page.getByRole('heading', { name: title }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/p/acme/tickets/${ticket.id}`);
  await expectSignedIn(page);
  await page.getByText('Could you send us the invoice number?').waitFor();
});

test('the link in a sign-in email signs in on the full-screen portal (defect 2)', async () => {
  const asking = await world.page();
  await asking.goto(`${world.product.api}/p/acme`);
  const since = world.mailbox.mark();
  await asking.getByLabel(/e-?mail/i).fill('carol@acme.example');
  await asking.getByRole('button', { name: 'Send code' }).click();
  const link = signInLink(await world.mailbox.latest('carol@acme.example', { since, match: hasSignInCode }));

  // Opened where the mail is read: another browser than the one that asked.
  const page = await world.page();
  await confirm(page, link);

  await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/p\/acme/);
  await expectSignedIn(page);
  await page.getByRole('heading', { name: 'Tickets' }).waitFor();
});

test("a cross-site form POST of a link's token is refused; the token still works from its own page (defect 2)", async () => {
  const since = world.mailbox.mark();
  const start = await fetch(`${world.product.api}/api/v1/auth/email/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ portal: 'acme', email: 'alice@acme.example' }),
  });
  expect(start.status).toBe(202);
  const link = signInLink(await world.mailbox.latest('alice@acme.example', { since, match: hasSignInCode }));
  const token = new URL(link).searchParams.get('token') ?? '';
  const attacker = await serveOtherSite(`<!doctype html><html lang="en"><head><title>Prizes</title></head><body>
<form method="post" action="${world.product.api}/auth/link"><input type="hidden" name="token" value="${token}"><button>Claim your prize</button></form>
</body></html>`);
  try {
    const page = await world.page();
    await page.goto(attacker.origin);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${world.product.api}/auth/link` && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Claim your prize' }).click(),
    ]);
    expect(answer.status()).not.toBe(303);
    const cookies = await page.context().cookies(world.product.api);
    expect(cookies.map((c) => c.name)).toEqual([]);
    await page.goto(`${world.product.api}/p/acme`);
    await page.getByRole('button', { name: 'Send code' }).waitFor();

    await confirm(page, link);
    await expectSignedIn(page);
  } finally {
    await attacker.close();
  }
});

test('signed out, a deep link to a ticket opens that ticket after signing in (defect 4)', async () => {
  const title = unique('Scanner drops every second page');
  const ticket = await world.admin.createTicket({ requester: 'bob@acme.example', title });
  const page = await world.page();
  await page.goto(`${world.product.api}/p/acme/tickets/${ticket.id}`);

  await signInWithEmailedCode(page, world.mailbox, 'bob@acme.example');

  await page.getByRole('heading', { name: new RegExp(`^${escapeRegExp(title)}$`) }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/p/acme/tickets/${ticket.id}`);
});
