// Journey 11: a French browser. Server messages and property labels come in
// French, the list sorts both ways, and logging time keeps the chosen date
// (defect 14, contract C5). Dave (a French-speaking Acme customer) is signed in
// through the widget once; each test starts from a fresh load of the host page.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import {
  escapeRegExp,
  openTicketFromList,
  openWidgetOnHost,
  signInWithEmailedCode,
  SIGN_IN_FR,
  unique,
} from '../harness/actions.js';
import { signInByEmail, type ApiSession } from '../harness/api.js';
import { useJourneys } from '../harness/journeys.js';

const world = useJourneys(import.meta.url);
const DAVE = 'dave@acme.example';

/** Three tickets of Dave's, opened in this order, each in another status. */
const word = unique('Imprimante').split(' ')[1] ?? 'x';
const TICKETS = [
  { title: `Alpha ${word}`, status: 'closed' },
  { title: `Bravo ${word}`, status: 'open' },
  { title: `Charlie ${word}`, status: 'in_progress' },
] as const;
const ids = new Map<string, string>();

let page: Page;
let dave: ApiSession;

beforeAll(async () => {
  for (const t of TICKETS) {
    ids.set(
      t.title,
      (await world.admin.createTicket({ requester: DAVE, title: t.title, type: 'incident', status: t.status })).id,
    );
  }
  dave = await signInByEmail(world.product.api, world.mailbox, DAVE);
  page = await world.page({ locale: 'fr-FR', keep: 'file' });
  await signInWithEmailedCode(
    await openWidgetOnHost(page, world.product.demoSite, 'Assistance'),
    world.mailbox,
    DAVE,
    SIGN_IN_FR,
  );
  await page.getByRole('dialog').getByRole('button', { name: 'Nouveau ticket' }).waitFor();
});

/** The host page loaded afresh, the panel open on Dave's list. */
async function freshPanel(): Promise<Locator> {
  const panel = await openWidgetOnHost(page, world.product.demoSite, 'Assistance');
  await panel.getByRole('button', { name: 'Nouveau ticket' }).waitFor();
  return panel;
}

/**
 * A message without the field name in front of it ("custom.x: …", in French
 * "custom.x : …"): the widget shows it next to that field and may leave the name out.
 */
const withoutField = (text: string, field: string) =>
  text.trim().replace(new RegExp(`^${escapeRegExp(field)}[\\s\\u00a0\\u202f]*:\\s*`), '');

/** What the server answers in each language to a request it refuses (400), with the field name left out. */
async function serverMessage(path: string, body: unknown, language: 'fr' | 'en'): Promise<string> {
  const { status, json } = await dave.raw('POST', path, body, { 'accept-language': language });
  const error = (json as { error?: { message?: string; field?: string } } | null)?.error;
  if (status !== 400 || !error?.message)
    throw new Error(`expected a 400 with a message, got ${status} ${JSON.stringify(json)}`);
  return error.field ? withoutField(error.message, error.field) : error.message;
}

test('a validation error of the server shows in French (defect 14)', async () => {
  const panel = await freshPanel();
  await panel.getByRole('button', { name: 'Nouveau ticket' }).click();
  await panel.getByLabel('Type de demande').selectOption({ label: 'Feature request' });
  const title = unique('Rapport mensuel en PDF');
  await panel.getByLabel('Titre *').fill(title);
  await panel.getByLabel('Customers asking for it').fill('150');
  await panel.getByRole('button', { name: 'Créer' }).click();
  const alert = panel.getByRole('alert');
  await alert.first().waitFor();
  const shown = withoutField((await alert.first().textContent()) ?? '', 'custom.customer_impact');

  const typeId = await world.admin.ticketType('feature_request');
  const body = { typeId, title, description: '', custom: { customer_impact: 150 }, private: false };
  const french = await serverMessage('/portals/acme/tickets', body, 'fr');
  const english = await serverMessage('/portals/acme/tickets', body, 'en');
  expect({ shown, serverSpeaksFrench: french !== english }).toEqual({ shown: french, serverSpeaksFrench: true });
});

test('the property labels of a ticket are French; custom field labels stay as the admin wrote them (defect 14)', async () => {
  const panel = await freshPanel();
  const { title } = TICKETS[1];
  await openTicketFromList(panel, title, 'Rechercher');
  const shown = (await panel.getByRole('term').allTextContents()).map((t) => t.trim());

  const labels = async (language: 'fr' | 'en') => {
    const { json } = await dave.raw('GET', `/portals/acme/tickets/${ids.get(title)}`, undefined, {
      'accept-language': language,
    });
    return (json as { properties: { property: string; label: string }[] }).properties;
  };
  const [french, english] = [await labels('fr'), await labels('en')];
  // "Type" is the same word in both languages; every other standard label differs.
  const untranslated = french
    .filter((p, i) => !p.property.startsWith('custom:') && p.property !== 'type' && p.label === english[i]?.label)
    .map((p) => `${p.property}: ${p.label}`);
  const customChanged = french
    .filter((p, i) => p.property.startsWith('custom:') && p.label !== english[i]?.label)
    .map((p) => `${p.property}: ${p.label}`);
  expect({ shown, untranslated, customChanged }).toEqual({
    shown: french.map((p) => p.label),
    untranslated: [],
    customChanged: [],
  });
});

/** The order of this test's tickets in the list, by their first word. */
async function order(panel: Locator): Promise<string[]> {
  const rows = await panel.getByRole('button', { name: new RegExp(word) }).allTextContents();
  return rows.map((row) => TICKETS.find((t) => row.includes(t.title))?.title.split(' ')[0] ?? row);
}

test('the sort direction control reverses the list (defect 14)', async () => {
  let panel = await freshPanel();
  await panel.getByLabel('Rechercher', { exact: true }).fill(word);
  await expect.poll(() => order(panel)).toEqual(['Charlie', 'Bravo', 'Alpha']);
  await panel.getByRole('button', { name: /^Tri (croissant|décroissant)$/ }).click();
  await expect.poll(() => order(panel)).toEqual(['Alpha', 'Bravo', 'Charlie']);

  // By status: open before in progress before closed, and the other way round.
  panel = await freshPanel();
  await panel.getByLabel('Rechercher', { exact: true }).fill(word);
  await panel.getByLabel('Trier par').selectOption({ label: 'Statut' });
  await expect.poll(() => order(panel)).toEqual(['Bravo', 'Charlie', 'Alpha']);
  await panel.getByRole('button', { name: /^Tri (croissant|décroissant)$/ }).click();
  await expect.poll(() => order(panel)).toEqual(['Alpha', 'Charlie', 'Bravo']);
});

test('logging time keeps the chosen date for the next entry (defect 14)', async () => {
  const panel = await freshPanel();
  await openTicketFromList(panel, TICKETS[1].title, 'Rechercher');
  const time = panel.getByRole('region', { name: 'Temps passé' });
  const chosen = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  await time.getByLabel('Minutes').fill('30');
  await time.getByLabel('Date', { exact: true }).fill(chosen);
  await time.getByLabel('Note').fill('Réinstallation du pilote');
  await time.getByRole('button', { name: 'Saisir du temps' }).click();

  await time.getByText('Réinstallation du pilote').waitFor();
  expect(await time.getByLabel('Date', { exact: true }).inputValue()).toBe(chosen);
});
