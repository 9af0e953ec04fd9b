import {
  $,
  assert,
  byText,
  cleanup,
  equal,
  expectAccessible,
  find,
  findAll,
  mount,
  type,
  waitFor,
  world,
} from '../../test/helpers.js';

describe('<tp-ticket-create>', () => {
  afterEach(cleanup);

  it('creates a ticket with its type, custom field, priority, privacy and an attachment', async () => {
    // Bob, so the private ticket stays out of the lists other files assert on.
    const el = await mount({ token: (await world()).tokens.bob });
    (await byText<HTMLButtonElement>(el, 'button', 'New ticket')).click();
    const form = await $(el, 'tp-ticket-create');
    await expectAccessible(el);
    const root = form.shadowRoot!;
    const select = root.querySelector<HTMLSelectElement>('select#typeId')!;
    type(select, [...select.options].find((o) => o.text === 'Incident')!.value);
    await byText(el, 'label', 'Browser');

    (await byText<HTMLButtonElement>(el, 'button', 'Create')).click();
    await byText(el, '#title-err', 'Required.');
    assert(find(el, '[id="custom.browser-err"]'), 'required custom field flagged');
    await expectAccessible(el);

    type(root.querySelector<HTMLInputElement>('input#title')!, 'Scanner shows error E42');
    type(root.querySelector<HTMLTextAreaElement>('textarea#description')!, 'Since this morning.');
    type(root.querySelector<HTMLSelectElement>('select[name="custom.browser"]')!, 'Safari');
    type(root.querySelector<HTMLSelectElement>('select#priority')!, 'urgent');
    root.querySelector<HTMLInputElement>('input[value=private]')!.click();
    const transfer = new DataTransfer();
    transfer.items.add(new File(['scan'], 'scan.png', { type: 'image/png' }));
    root.querySelector<HTMLInputElement>('input#files')!.files = transfer.files;

    const created = new Promise<{ number: number; title: string }>((resolve) =>
      el.addEventListener('tp-ticket-created', (e) => resolve(e.ticket), { once: true }),
    );
    (await byText<HTMLButtonElement>(el, 'button', 'Create')).click();
    equal((await created).title, 'Scanner shows error E42');
    await byText(el, 'h2', 'Scanner shows error E42');
    await byText(el, '.priority', 'Urgent');
    await byText(el, '.badge', 'Private');
    await byText(el, 'button', 'scan.png');
    await byText(el, 'dd', 'Safari');
  });

  it('says at once that an attachment is over the limit, creates nothing until it is removed, then sends the rest', async () => {
    const w = await world();
    const el = await mount({ token: w.tokens.bob });
    (await byText<HTMLButtonElement>(el, 'button', 'New ticket')).click();
    const root = (await $(el, 'tp-ticket-create')).shadowRoot!;
    const select = root.querySelector<HTMLSelectElement>('select#typeId')!;
    type(select, [...select.options].find((o) => o.text === 'Question')!.value);
    type(root.querySelector<HTMLInputElement>('input#title')!, 'Log file attached');
    // Private, so it stays out of the lists other files assert on.
    root.querySelector<HTMLInputElement>('input[value=private]')!.click();
    const transfer = new DataTransfer();
    transfer.items.add(new File(['ok'], 'small.txt', { type: 'text/plain' }));
    transfer.items.add(new File([new Uint8Array(w.maxUploadBytes + 1)], 'huge.log', { type: 'text/plain' }));
    const input = root.querySelector<HTMLInputElement>('input#files')!;
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const alert = await byText(el, '[role=alert]', 'huge.log');
    equal(alert.textContent!.trim(), 'huge.log is too large.', 'said when chosen');
    await expectAccessible(el);

    let created: { id: string } | null = null;
    el.addEventListener('tp-ticket-created', (e) => (created = e.ticket));
    (await byText<HTMLButtonElement>(el, 'button', 'Create')).click();
    await new Promise((r) => setTimeout(r, 300));
    equal(created, null, 'nothing created while a file is over the limit');

    root.querySelector<HTMLButtonElement>('button[aria-label="Remove huge.log"]')!.click();
    await waitFor(() => !findAll(el, '[role=alert]').length, 'the message goes with the file');
    (await byText<HTMLButtonElement>(el, 'button', 'Create')).click();
    await byText(el, 'h2', 'Log file attached');
    await byText(el, 'button', 'small.txt');
    assert(created, 'created');
  });
});
