import { setViewport } from '@web/test-runner-commands';
import { $, assert, byText, equal, expectAccessible, findAll, type, waitFor, world } from '../../../../test/helpers.js';
import { mountConsole, resetConsole, signInConsole } from '../../../../test/console.js';
import '../../index.js';

const start = location.pathname + location.search;

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/v1/admin${path}`, {
    method,
    credentials: 'same-origin',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

describe('settings: audit log', () => {
  afterEach(() => resetConsole(start));

  it('says who changed what, newest first, filters by kind and person, and loads more', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    const stamp = Date.now();
    const project = await send<{ id: string }>('POST', '/projects', { name: `Audit probe ${stamp}` });
    // More than a page of changes, the newest a rename.
    for (let i = 1; i <= 50; i++)
      await send('PATCH', `/projects/${project.id}`, { name: `Audit probe ${stamp} #${i}` });

    const el = await mountConsole('/console/settings/audit');
    const first = await byText(el, 'ul.ruled > li', `Ada Admin changed Audit probe ${stamp} #50`);
    assert(
      first.textContent!.includes(`name: Audit probe ${stamp} #49 → Audit probe ${stamp} #50`),
      'the change, before → after',
    );
    const time = first.querySelector('time')!;
    assert(time.title.length > 0 && time.getAttribute('datetime'), 'the exact time on hover');
    await expectAccessible(el);

    // Load more: the next page follows, the first rows stay.
    const shown = findAll(el, 'ul.ruled > li').length;
    equal(shown, 50, 'one page');
    (await byText<HTMLButtonElement>(el, 'button', 'Load more')).click();
    await waitFor(() => findAll(el, 'ul.ruled > li').length > shown, 'more rows');
    await byText(el, 'ul.ruled > li', `Ada Admin created Audit probe ${stamp}`);

    // By kind: projects only.
    type(await $<HTMLSelectElement>(el, 'select#audit-type'), 'project');
    await waitFor(() => {
      const tags = findAll(el, 'ul.ruled > li .tag').map((t) => t.textContent);
      return tags.length > 0 && tags.every((t) => t === 'Project');
    }, 'only projects');
    // By person: Sam changed no settings.
    const sam = await send<{ items: { id: string }[] }>('GET', `/users?q=${encodeURIComponent(w.emails.agent)}`);
    type(await $<HTMLSelectElement>(el, 'select#audit-actor'), sam.items[0]!.id);
    await byText(el, 'p', 'No change matches these filters.');
    await send('DELETE', `/projects/${project.id}`);
  });

  it('reads in French at 360 px', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await send('POST', '/projects', { name: 'Projet audité' }).then((p) =>
      send('DELETE', `/projects/${(p as { id: string }).id}`),
    );
    await setViewport({ width: 360, height: 740 });
    const el = await mountConsole('/console/settings/audit', 'fr');
    await byText(el, 'ul.ruled > li', 'Ada Admin a supprimé Projet audité');
    assert(document.documentElement.scrollWidth <= 360, 'the page fits');
    await expectAccessible(el);
  });
});
