// The console's appearance preview: <tickets-portal> given a configuration
// (`sample`) shows it over a fixed sample list, asking the server nothing.
import { assert, cleanup, equal, expectAccessible, find, findAll, loadBundle, waitFor } from '../../test/helpers.js';
import type { PublicPortal } from '../api/types.js';
import type { TicketsPortal } from './tickets-portal.js';

const palette = (mainColor: string) => ({
  logoUrl: null,
  mainColor,
  mainTextColor: '#ffffff',
  secondaryButtonColor: '#e5e7eb',
  bodyColor: '#ffffff',
});

function sample(name: string, mainColor: string): PublicPortal {
  return {
    slug: 'anything',
    name,
    kind: 'ticket',
    branding: { light: palette(mainColor), dark: palette(mainColor) },
    views: { sidePanel: true, all: true, myOpen: true, myClosed: true, followed: true, types: true },
    detailProperties: [],
    types: [],
    customFields: [],
    priorities: ['low', 'medium', 'high', 'urgent'],
    customerSetsPriority: true,
    timesheets: false,
    selfSignUp: true,
    satisfaction: false,
    maxUploadBytes: 0,
  };
}

describe('<tickets-portal> sample (appearance preview)', () => {
  afterEach(cleanup);

  it('shows the given look over sample tickets, follows changes, leads nowhere and asks the server nothing', async () => {
    await loadBundle();
    performance.clearResourceTimings();
    const el = document.createElement('tickets-portal') as TicketsPortal;
    el.setAttribute('mode', 'inline');
    el.setAttribute('locale', 'fr');
    el.sample = sample('Aperçu', '#7e22ce');
    document.body.append(el);
    const header = await waitFor(() => el.shadowRoot?.querySelector('header'), 'header');
    equal(header.querySelector('h1')?.textContent, 'Aperçu', 'the given name');
    await waitFor(() => getComputedStyle(header).backgroundColor === 'rgb(126, 34, 206)', 'the given main color');
    const rows = await waitFor(() => {
      const found = findAll(el, 'ol > li .title');
      return found.length === 5 && found;
    }, 'five sample tickets');
    assert(rows[0]!.textContent!.includes('application mobile'), `in French: ${rows[0]!.textContent}`);

    // Every keystroke of the console sets a new configuration: the look follows.
    el.sample = sample('Aperçu 2', '#15803d');
    await waitFor(() => getComputedStyle(header).backgroundColor === 'rgb(21, 128, 61)', 'the new color');
    equal(header.querySelector('h1')?.textContent, 'Aperçu 2', 'the new name');

    // A sample ticket opens nothing.
    findAll<HTMLButtonElement>(el, 'ol > li > button')[0]!.click();
    await new Promise((r) => setTimeout(r, 200));
    assert(find(el, 'tp-ticket-list'), 'still the list');
    equal(find(el, 'tp-ticket-detail'), undefined, 'no ticket page');
    const asked = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => n.includes('/api/'));
    equal(asked.length, 0, `no request to the API: ${asked.join(', ')}`);
    equal(el.shadowRoot!.querySelector('main'), null, 'no main landmark of its own (the console has one)');
    await expectAccessible(el);
  });
});
