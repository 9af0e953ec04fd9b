import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import {
  $,
  assert,
  byText,
  click,
  emailedCode,
  equal,
  expectAccessible,
  find,
  findAll,
  server,
  textOf,
  type,
  waitFor,
  world,
} from '../../../test/helpers.js';
import { resetConsole } from '../../../test/console.js';
// The console's own entry, from source: this page gets the console's elements only.
import '../index.js';
import type { TpConsole } from '../console-app/console-app.js';
import type { TpConsoleTicket } from './console-ticket.js';

const start = location.pathname + location.search;

/** Signs the team's agent in with the emailed code, into the session cookie, as the console's sign-in does. */
async function signInAgent(): Promise<void> {
  const w = await world();
  const post = (path: string, body: object) =>
    fetch(`/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  await post('/auth/email/start', { email: w.emails.ticketAgent });
  const res = await post('/auth/email/verify', {
    email: w.emails.ticketAgent,
    code: await emailedCode(w.emails.ticketAgent),
    channel: 'cookie',
  });
  equal(res.status, 200, 'agent sign-in');
}

/** Ada, the other member of the team, calls the admin API with her own session. */
async function asAda(method: string, path: string, body?: object): Promise<Response> {
  const w = await world();
  return fetch(`/api/v1/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${w.staffTokens.ada}`, ...(body && { 'content-type': 'application/json' }) },
    body: body && JSON.stringify(body),
    credentials: 'omit',
  });
}

/** Opens `/console/tickets/:id` in the console, as following an emailed link would; answers the page element. */
async function openTicket(id: string, title: string): Promise<{ app: TpConsole; page: TpConsoleTicket }> {
  history.replaceState(null, '', `/console/tickets/${id}`);
  const app = document.createElement('tp-console');
  document.body.append(app);
  const page = await $<TpConsoleTicket>(app, 'tp-console-ticket');
  await byText(page, 'h2', title);
  return { app, page };
}

/** The part `tag` of the page (its own shadow tree: selectors do not cross into it). */
const part = (page: Element, tag: string): Element => find(page, tag)!;
const composerBox = (page: Element) => find<HTMLFormElement>(part(page, 'tp-ticket-composer'), 'form')!;
const textarea = (page: Element) => find<HTMLTextAreaElement>(part(page, 'tp-ticket-composer'), 'textarea')!;
/** Waits for `selector` in the part `tag` once it is rendered. */
const inPart = async <E extends Element = HTMLElement>(page: Element, tag: string, selector: string) =>
  $<E>(await $(page, tag), selector);
const textInPart = async <E extends Element = HTMLElement>(
  page: Element,
  tag: string,
  selector: string,
  text: string,
) => byText<E>(await $(page, tag), selector, text);

async function write(page: Element, text: string): Promise<void> {
  textarea(page).focus();
  await sendKeys({ type: text });
}

async function customerMessages(ticketId: string): Promise<string[]> {
  const w = await world();
  const res = await fetch(`/api/v1/portals/acme/tickets/${ticketId}/messages`, {
    headers: { authorization: `Bearer ${w.tokens.dana}` },
    credentials: 'omit',
  });
  return ((await res.json()) as { items: { body: string }[] }).items.map((m) => m.body);
}

describe('<tp-console-ticket>', () => {
  before(signInAgent);
  // The cookie is the browser's: leave it signed out for the next file.
  after(async () => {
    await fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin' });
  });
  afterEach(() => resetConsole(start, { signOut: false, viewport: { width: 1280, height: 800 } }));

  it('sends a reply the customer sees and a note she never does, the two told apart; axe-clean', async () => {
    const id = await server.newTicket('Reply versus note');
    const { page } = await openTicket(id, 'Reply versus note');
    await expectAccessible(page);

    assert(composerBox(page).classList.contains('reply'), 'starts as a reply');
    await textInPart(page, 'tp-ticket-composer', 'label', 'Reply to Dana Live');
    await write(page, 'We are on it.');
    await click(await textInPart(page, 'tp-ticket-composer', 'button', 'Send reply'));
    const reply = await byText(page, 'li.message', 'We are on it.');
    assert(
      reply.classList.contains('staff') && !reply.classList.contains('internal'),
      `reply styled as support: ${reply.className}`,
    );

    // One click switches to a note: another color, label and button; no confirmation.
    await click(await textInPart(page, 'tp-ticket-composer', 'label.mode', 'Internal note'));
    await waitFor(() => composerBox(page).classList.contains('note'), 'note mode');
    await textInPart(page, 'tp-ticket-composer', 'label', 'only the support team sees it');
    const replyColor = getComputedStyle(find(page, 'li.message.staff')!).borderLeftColor;
    await write(page, 'Customer seems upset.');
    await click(await textInPart(page, 'tp-ticket-composer', 'button', 'Add note'));
    const note = await byText(page, 'li.message', 'Customer seems upset.');
    assert(note.classList.contains('internal'), 'note styled as internal');
    assert(textOf(note).includes('Internal note'), 'note labelled');
    assert(getComputedStyle(note).borderLeftColor !== replyColor, 'note and reply differ in color');
    await expectAccessible(page);

    const seen = await customerMessages(id);
    assert(seen.includes('We are on it.'), `customer sees the reply: ${seen}`);
    assert(!seen.includes('Customer seems upset.'), 'customer never sees the note');
  });

  it('r focuses the reply, n switches to a note, e closes the ticket', async () => {
    const id = await server.newTicket('Keyboard ticket');
    const { page } = await openTicket(id, 'Keyboard ticket');
    (document.activeElement as HTMLElement | null)?.blur();
    await sendKeys({ press: 'n' });
    await waitFor(() => composerBox(page).classList.contains('note'), 'n: note mode');
    await waitFor(
      () => find(page, 'tp-ticket-composer')!.shadowRoot!.activeElement === textarea(page),
      'n: box focused',
    );
    equal(textarea(page).value, '', 'the key is not typed into the box');
    textarea(page).blur();
    await sendKeys({ press: 'r' });
    await waitFor(() => composerBox(page).classList.contains('reply'), 'r: reply mode');
    await waitFor(
      () => find(page, 'tp-ticket-composer')!.shadowRoot!.activeElement === textarea(page),
      'r: box focused',
    );
    // In the box, letters are text.
    await sendKeys({ type: 'e' });
    equal(textarea(page).value, 'e', 'typed in the box');
    textarea(page).blur();
    await sendKeys({ press: 'e' });
    await byText(page, '.head .badge', 'Closed');
    const stored = (await (await asAda('GET', `/tickets/${id}`)).json()) as { status: string };
    equal(stored.status, 'closed', 'closed on the server');
  });

  it('changes status, priority and assignee in place, and the history says who did', async () => {
    const id = await server.newTicket('Property ticket');
    const { page } = await openTicket(id, 'Property ticket');
    const status = await inPart<HTMLSelectElement>(page, 'tp-ticket-properties', 'select#status');
    type(status, 'waiting');
    await byText(page, '.head .badge', 'Waiting');
    const assignee = await inPart<HTMLSelectElement>(page, 'tp-ticket-properties', 'select#assignee');
    await waitFor(() => [...assignee.options].some((o) => o.textContent?.includes('Ada Admin')), 'staff listed');
    type(assignee, [...assignee.options].find((o) => o.textContent?.includes('Ada Admin'))!.value);
    await textInPart(page, 'tp-ticket-properties', '[role=status]', 'Assignee saved');
    type(await inPart<HTMLSelectElement>(page, 'tp-ticket-properties', 'select#priority'), 'urgent');
    await byText(page, '.head .priority', 'Urgent');
    await textInPart(page, 'tp-ticket-history', 'li', 'changed the status from Open to Waiting');
    await textInPart(page, 'tp-ticket-history', 'li', 'Ines Agent');
    // A refused change (Incident needs a Browser this ticket has not) says why and shows the stored type again.
    const typeSelect = await inPart<HTMLSelectElement>(page, 'tp-ticket-properties', 'select#type');
    await waitFor(() => [...typeSelect.options].some((o) => o.textContent?.includes('Incident')), 'types listed');
    type(typeSelect, [...typeSelect.options].find((o) => o.textContent?.includes('Incident'))!.value);
    await textInPart(page, 'tp-ticket-properties', '[role=alert]', 'Type:');
    await waitFor(
      () =>
        find<HTMLSelectElement>(
          part(page, 'tp-ticket-properties'),
          'select#type',
        )?.selectedOptions[0]?.textContent?.includes('Question'),
      'type shown as stored',
    );
    const stored = (await (await asAda('GET', `/tickets/${id}`)).json()) as {
      status: string;
      priority: string;
      assignee: { name: string } | null;
    };
    equal(stored.status, 'waiting', 'status');
    equal(stored.priority, 'urgent', 'priority');
    equal(stored.assignee?.name, 'Ada Admin', 'assignee');
  });

  it('adds and removes a follower', async () => {
    // By address: another file (account) renames Carol.
    const carol = 'carol@acme.test';
    const id = await server.newTicket('Follower ticket');
    const { page } = await openTicket(id, 'Follower ticket');
    await textInPart(page, 'tp-ticket-followers', 'li', 'Dana Live');
    const search = await inPart<HTMLInputElement>(page, 'tp-ticket-followers', 'input#follower-q');
    search.focus();
    await sendKeys({ type: carol });
    await sendKeys({ press: 'Enter' });
    await click(await textInPart(page, 'tp-ticket-followers', '.results button', carol));
    const row = await textInPart(page, 'tp-ticket-followers', 'ul.followers li', carol);
    const followers = (await (await asAda('GET', `/tickets/${id}/followers`)).json()) as { items: { email: string }[] };
    assert(
      followers.items.some((f) => f.email === carol),
      'stored',
    );
    await click(row.querySelector('button')!);
    await waitFor(() => !textOf(find(page, 'tp-ticket-followers')!).includes(carol), 'removed');
    const after = (await (await asAda('GET', `/tickets/${id}/followers`)).json()) as { items: { email: string }[] };
    assert(!after.items.some((f) => f.email === carol), 'removed on the server');
  });

  it('logs time and shows the total', async () => {
    const id = await server.newTicket('Time ticket');
    const { page } = await openTicket(id, 'Time ticket');
    await textInPart(page, 'tp-ticket-time', 'p', 'No time logged yet.');
    (await inPart<HTMLInputElement>(page, 'tp-ticket-time', 'input#minutes')).focus();
    await sendKeys({ type: '45' });
    (await inPart<HTMLInputElement>(page, 'tp-ticket-time', 'input#time-note')).focus();
    await sendKeys({ type: 'Remote session' });
    await click(await textInPart(page, 'tp-ticket-time', 'button', 'Log time'));
    await textInPart(page, 'tp-ticket-time', 'li', 'Remote session');
    await textInPart(page, 'tp-ticket-time', '.total', 'Total: 45 min');
    await textInPart(page, 'tp-ticket-history', 'li', 'logged 45 min');
  });

  it('warns of another agent on the ticket, and stops a send when she wrote meanwhile', async () => {
    const id = await server.newTicket('Collision ticket');
    equal((await asAda('POST', `/tickets/${id}/presence`, { composing: true })).status, 200, 'Ada opens it');
    const { page } = await openTicket(id, 'Collision ticket');
    await byText(page, '.presence', 'Also viewing: Ada Admin');
    await byText(page, '.presence', 'Ada Admin is writing a reply');

    equal((await asAda('POST', `/tickets/${id}/messages`, { body: 'I answered already.' })).status, 201, 'Ada replies');
    await write(page, 'My own answer.');
    await click(await textInPart(page, 'tp-ticket-composer', 'button', 'Send reply'));
    await textInPart(page, 'tp-ticket-composer', '[role=alert]', 'Someone wrote on this ticket meanwhile');
    await byText(page, 'li.message', 'I answered already.');
    assert(!textOf(page).includes('My own answer.') || textarea(page).value === 'My own answer.', 'not sent');
    equal((await customerMessages(id)).includes('My own answer.'), false, 'the first click sent nothing');

    // Having seen it, the agent sends.
    await click(await textInPart(page, 'tp-ticket-composer', 'button', 'Send reply'));
    await byText(page, 'li.message', 'My own answer.');
    assert((await customerMessages(id)).includes('My own answer.'), 'sent the second time');
  });

  it('shows what another agent adds while the page is open, without reloading', async function () {
    this.timeout(45_000);
    const id = await server.newTicket('Live ticket');
    const { page } = await openTicket(id, 'Live ticket');
    // The page opens the staff stream once the ticket is shown: give it a moment to connect.
    await new Promise((resolve) => setTimeout(resolve, 500));
    equal(
      (await asAda('POST', `/tickets/${id}/messages`, { body: 'Note from Ada.', internal: true })).status,
      201,
      'Ada adds a note',
    );
    equal((await asAda('PATCH', `/tickets/${id}`, { status: 'in_progress' })).status, 200, 'Ada changes the status');
    // The staff stream brings it at once: well before the next heartbeat (10 s), which would bring it without one.
    await waitFor(() => textOf(page).includes('Note from Ada.'), 'the note', 4_000);
    await byText(page, '.head .badge', 'In progress');
    await byText(page, '.presence', 'Ada Admin added a message since you opened this ticket');
    // A change with no message (a property) comes too.
    equal((await asAda('PATCH', `/tickets/${id}`, { priority: 'urgent' })).status, 200, 'Ada changes the priority');
    await waitFor(() => find(page, '.head .priority')?.textContent?.includes('Urgent'), 'the priority', 4_000);
  });

  it('uploads picked, dropped and pasted files with the reply; the customer can download them', async () => {
    const id = await server.newTicket('Files ticket');
    const { page } = await openTicket(id, 'Files ticket');
    const picked = new DataTransfer();
    picked.items.add(new File(['log line'], 'server.log', { type: 'text/plain' }));
    const input = find<HTMLInputElement>(part(page, 'tp-ticket-composer'), 'input[type=file]')!;
    input.files = picked.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await textInPart(page, 'tp-ticket-composer', '.files li', 'server.log');

    const dropped = new DataTransfer();
    dropped.items.add(new File(['a,b'], 'data.csv', { type: 'text/csv' }));
    composerBox(page).dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    await textInPart(page, 'tp-ticket-composer', '.files li', 'data.csv');

    const pasted = new DataTransfer();
    pasted.items.add(new File([new Uint8Array([137, 80, 78, 71])], 'image.png', { type: 'image/png' }));
    textarea(page).dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }),
    );
    await textInPart(page, 'tp-ticket-composer', '.files li', 'screenshot-');

    await write(page, 'Files attached.');
    await click(await textInPart(page, 'tp-ticket-composer', 'button', 'Send reply'));
    const message = await byText(page, 'li.message', 'Files attached.');
    await waitFor(() => findAll(message, 'ul.files li').length === 3, 'three files on the message');
    const ticket = (await (await asAda('GET', `/tickets/${id}`)).json()) as {
      attachments: { filename: string; messageId: string | null }[];
    };
    equal(ticket.attachments.filter((a) => a.messageId !== null).length, 3, 'stored on the message');
  });

  it('stacks at 360 px and stays axe-clean in dark mode; in French', async () => {
    const id = await server.newTicket('Narrow ticket');
    await setViewport({ width: 360, height: 740 });
    await emulateMedia({ colorScheme: 'dark' });
    const { app, page } = await openTicket(id, 'Narrow ticket');
    const conversation = find(page, 'section.conversation')!;
    const aside = find(page, 'aside')!;
    assert(
      aside.getBoundingClientRect().top >= conversation.getBoundingClientRect().bottom - 1,
      'properties below the conversation',
    );
    assert(document.documentElement.scrollWidth <= 360 && app.scrollWidth <= 360, 'no sideways scrolling');
    await expectAccessible(page);
    // The note's colors too, in the dark.
    await click(await textInPart(page, 'tp-ticket-composer', 'label.mode', 'Internal note'));
    await waitFor(() => composerBox(page).classList.contains('note'), 'note mode');
    await expectAccessible(page);
    app.setAttribute('locale', 'fr');
    await textInPart(page, 'tp-ticket-composer', 'label.mode', 'Note interne');
    await byText(page, 'h3', 'Historique');
    await expectAccessible(page);
  });
});
