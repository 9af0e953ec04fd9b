// Journey 7: a fresh install (DEMO=0, ADMIN_EMAIL, an empty data directory):
// every URL `npm start` prints answers, and the first admin signs in to the
// console with the emailed code, no portal needed (defect 7, contract C2).
import { expect, test } from 'vitest';
import { signInWithEmailedCode } from '../harness/actions.js';
import { useJourneys } from '../harness/journeys.js';

const world = useJourneys(import.meta.url, { env: { DEMO: '0', ADMIN_EMAIL: 'boss@example.com' }, adminSetup: false });

test('every URL the start-up prints answers, the console among them, and none names the demo portal (defect 7)', async () => {
  await world.product.quiet();
  const urls = [...world.product.output().matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0].replace(/[.,;:]+$/, ''));
  const answers = await Promise.all(urls.map(async (url) => `${(await fetch(url)).status} ${url}`));
  expect({
    printed: answers,
    console: urls.includes(`${world.product.api}/console`),
    notAnswering: answers.filter((a) => !a.startsWith('200 ')),
    demoPortal: urls.filter((url) => url.includes('/p/acme')),
  }).toEqual({ printed: answers, console: true, notAnswering: [], demoPortal: [] });
});

test('the first admin signs in to the console with the emailed code (defect 7)', async () => {
  const page = await world.page();
  await page.goto(`${world.product.api}/console`);

  await signInWithEmailedCode(page, world.mailbox, 'boss@example.com');

  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.getByText('boss@example.com').first().waitFor();
  expect(new URL(page.url()).pathname).toMatch(/^\/console/);
});
