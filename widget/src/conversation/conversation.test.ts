import { sendKeys } from '@web/test-runner-commands';
import {
  $,
  assert,
  byText,
  cleanup,
  click,
  equal,
  expectAccessible,
  find,
  findAll,
  mount,
  server,
  textOf,
  waitFor,
  world,
} from '../../test/helpers.js';

/** The ticket's conversation as the server keeps it (the customer's view of it). */
async function messagesOnServer(ticketId: string, token: string): Promise<string[]> {
  const w = await world();
  const res = await fetch(`${w.api}/api/v1/portals/acme/tickets/${ticketId}/messages`, {
    headers: { authorization: `Bearer ${token}` },
  });
  equal(res.status, 200, 'messages on the server');
  return ((await res.json()) as { items: { body: string }[] }).items.map((m) => m.body);
}

/** Posts a message as the customer whose token this is, straight to the API. */
async function postAsCustomer(ticketId: string, token: string, body: string): Promise<void> {
  const w = await world();
  const res = await fetch(`${w.api}/api/v1/portals/acme/tickets/${ticketId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  });
  equal(res.status, 201, 'message posted');
}

describe('<tp-conversation>', () => {
  afterEach(cleanup);

  it('shows the conversation without internal notes, sends a reply with an attachment and downloads it', async () => {
    const el = await mount({ token: (await world()).tokens.alice });
    (await byText<HTMLButtonElement>(el, 'li button', 'Printer on floor 2 jams')).click();
    await byText(el, 'p', 'We are sending a technician.');
    assert(!textOf(el).includes('INTERNAL'), 'internal note hidden');
    await expectAccessible(el);

    const textarea = await $<HTMLTextAreaElement>(el, 'textarea#reply');
    textarea.value = 'Thanks! <b>bold</b>';
    const input = await $<HTMLInputElement>(el, 'tp-conversation');
    const fileInput = input.shadowRoot!.querySelector<HTMLInputElement>('input#files')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['hello printer'], 'log.txt', { type: 'text/plain' }));
    fileInput.files = transfer.files;
    (await byText<HTMLButtonElement>(el, 'button', 'Send')).click();
    await byText(el, 'p', 'Thanks! <b>bold</b>');
    equal(findAll(el, 'b').length, 0, 'message body is text');
    const download = await byText<HTMLButtonElement>(el, 'button', 'log.txt');

    const created: string[] = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob) => {
      void blob.text().then((t) => created.push(t));
      return original.call(URL, blob);
    };
    try {
      download.click();
      const end = Date.now() + 5000;
      while (created.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      equal(created[0], 'hello printer', 'downloaded with the bearer token');
    } finally {
      URL.createObjectURL = original;
    }
  });

  it('sends a reply clicked like a person: no error, the box cleared, one message; a double click sends once', async () => {
    const w = await world();
    const title = `Reply by mouse ${Date.now()}`;
    const id = await server.newTicket(title);
    const el = await mount({ token: w.tokens.dana });
    await click(await byText<HTMLButtonElement>(el, 'li button', title));
    await byText(el, 'p', 'No messages yet');
    // The sections above the conversation have arrived: nothing moves the form any more.
    await byText(el, 'p', 'Total: 0 min');
    const conversation = await $(el, 'tp-conversation');
    const textarea = find<HTMLTextAreaElement>(conversation, 'textarea#reply')!;
    const send = await byText<HTMLButtonElement>(conversation, 'button', 'Send');
    /** What the customer sees once the reply settled: the alerts under the form, the box, the messages shown. */
    const settled = async (body: string) => {
      await byText(conversation, 'li p', body);
      await waitFor(() => !send.disabled, 'send enabled again');
      await new Promise((r) => setTimeout(r, 300));
      return {
        alerts: findAll(conversation, '[role=alert]').map((a) => a.textContent!.trim()),
        box: textarea.value,
        shown: findAll(conversation, 'li p.text').map((p) => p.textContent),
      };
    };

    await click(textarea);
    await sendKeys({ type: 'The scanner works again.' });
    await click(send);
    let seen = await settled('The scanner works again.');
    equal(seen.alerts.join(' | '), '', 'no alert');
    equal(seen.box, '', 'the box is cleared');
    equal(JSON.stringify(seen.shown), JSON.stringify(['The scanner works again.']), 'shown once');
    equal(
      JSON.stringify(await messagesOnServer(id, w.tokens.dana)),
      JSON.stringify(['The scanner works again.']),
      'saved once',
    );

    await click(textarea);
    await sendKeys({ type: 'Thanks for the quick help.' });
    await click(send, 2);
    seen = await settled('Thanks for the quick help.');
    equal(seen.alerts.join(' | '), '', 'no alert after a double click');
    equal(seen.box, '', 'the box is cleared after a double click');
    const both = ['The scanner works again.', 'Thanks for the quick help.'];
    equal(JSON.stringify(seen.shown), JSON.stringify(both), 'a double click shows one message');
    equal(
      JSON.stringify(await messagesOnServer(id, w.tokens.dana)),
      JSON.stringify(both),
      'a double click saves one message',
    );
    await expectAccessible(el);
  });

  it('sends once when the form is submitted twice in one turn, before the button shows it is busy', async () => {
    const w = await world();
    const title = `Submitted twice ${Date.now()}`;
    const id = await server.newTicket(title);
    const el = await mount({ token: w.tokens.dana });
    (await byText<HTMLButtonElement>(el, 'li button', title)).click();
    await byText(el, 'p', 'No messages yet');
    const conversation = await $(el, 'tp-conversation');
    find<HTMLTextAreaElement>(conversation, 'textarea#reply')!.value = 'Only once, please.';
    const form = find<HTMLFormElement>(conversation, 'form')!;
    form.requestSubmit();
    form.requestSubmit();
    await byText(conversation, 'li p', 'Only once, please.');
    await new Promise((r) => setTimeout(r, 300));
    equal(
      JSON.stringify(await messagesOnServer(id, w.tokens.dana)),
      JSON.stringify(['Only once, please.']),
      'saved once',
    );
  });

  it('refuses an empty reply with a message', async () => {
    const el = await mount({ token: (await world()).tokens.alice });
    (await byText<HTMLButtonElement>(el, 'li button', 'Printer on floor 2 jams')).click();
    (await byText<HTMLButtonElement>(el, 'button', 'Send')).click();
    await byText(el, '[role=alert]', 'Required.');
  });

  it("says which file is too large (over the portal's limit) and keeps the reply", async () => {
    const w = await world();
    const title = `Logs too big ${Date.now()}`;
    await server.newTicket(title);
    const el = await mount({ token: w.tokens.dana });
    (await byText<HTMLButtonElement>(el, 'li button', title)).click();
    const conversation = await $(el, 'tp-conversation');
    const root = conversation.shadowRoot!;
    await byText(el, 'p', 'No messages yet');

    // One byte over the limit (refused by the upload route itself), then far over it
    // (refused by the body limit before the upload is read).
    for (const [name, size] of [
      ['one-byte-over.log', w.maxUploadBytes + 1],
      ['far-over.bin', w.maxUploadBytes * 4],
    ] as const) {
      const textarea = root.querySelector<HTMLTextAreaElement>('textarea#reply')!;
      textarea.value = 'Here are the logs.';
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(size)], name));
      root.querySelector<HTMLInputElement>('input#files')!.files = transfer.files;
      (await byText<HTMLButtonElement>(el, 'button', 'Send')).click();
      const alert = await byText(el, '[role=alert]', `${name} is too large.`);
      assert(root.contains(alert), 'shown in the reply form');
      equal(textarea.value, 'Here are the logs.', 'the reply is kept to send again');
      await waitFor(() => !find<HTMLButtonElement>(conversation, 'button.primary')!.disabled, 'send enabled again');
      assert(!find(conversation, 'progress'), 'no progress bar left behind');
    }
    equal(findAll(conversation, 'ol > li').length, 0, 'no message was posted');
    equal(findAll(conversation, '.pending li.bad').length, 2, 'each file over the limit is listed with its message');
  });

  it("groups a person's consecutive messages, tells the support team apart, keeps line breaks and links only http(s) addresses", async () => {
    const w = await world();
    const title = `Rich messages ${Date.now()}`;
    const id = await server.newTicket(title);
    await postAsCustomer(id, w.tokens.dana, 'First line\nSecond line, see https://example.test/a?b=1.');
    await postAsCustomer(
      id,
      w.tokens.dana,
      'javascript:alert(1) data:text/html,<b>x</b> JAVASCRIPT://x%0aalert(1) ftp://files.test',
    );
    await server.agentReply(id, 'Looking at it: http://status.example.test/incident');
    const el = await mount({ token: w.tokens.dana });
    await click(await byText<HTMLButtonElement>(el, 'li button', title));
    const conversation = await $(el, 'tp-conversation');
    await byText(conversation, 'li p', 'Looking at it');
    const items = findAll(conversation, 'ol > li');
    equal(
      items.map((li) => li.className.trim().replace(/\s+/g, ' ')).join('|'),
      'mine|mine grouped|staff',
      'grouped, and whose',
    );
    equal(items[1]!.querySelector('.who'), null, 'a grouped message does not repeat the name');
    assert(items[1]!.textContent!.includes('Dana'), 'a grouped message still names its author to a screen reader');
    assert(items[2]!.querySelector('.tag')!.textContent!.includes('Support'), 'the support team is tagged');
    const time = items[0]!.querySelector('time')!;
    assert(/ago|now/.test(time.textContent!), `relative time, got "${time.textContent}"`);
    assert(time.title.length > 4 && !Number.isNaN(Date.parse(time.dateTime)), 'the exact time on hover');

    const first = items[0]!.querySelector<HTMLElement>('p.text')!;
    equal(getComputedStyle(first).whiteSpace, 'pre-wrap', 'line breaks kept');
    equal(first.textContent, 'First line\nSecond line, see https://example.test/a?b=1.', 'text as written');
    const links = findAll<HTMLAnchorElement>(conversation, 'a');
    equal(
      links.map((a) => a.href).join(' '),
      'https://example.test/a?b=1 http://status.example.test/incident',
      'only http(s) become links',
    );
    for (const a of links) {
      equal(a.rel, 'noopener noreferrer', 'rel');
      equal(a.target, '_blank', 'opens a new tab');
    }
    assert(
      !findAll<HTMLAnchorElement>(el, 'a').some((a) => /^(javascript|data):/i.test(a.getAttribute('href') ?? '')),
      'no javascript:/data: link',
    );
    assert(items[1]!.textContent!.includes('javascript:alert(1)'), 'the javascript: text stays text');
    await expectAccessible(el);
  });

  it('takes files dropped on the conversation and a pasted screenshot, with thumbnails before and after sending and a progress bar per file', async () => {
    const w = await world();
    const title = `Dropped files ${Date.now()}`;
    await server.newTicket(title);
    const el = await mount({ token: w.tokens.dana });
    await click(await byText<HTMLButtonElement>(el, 'li button', title));
    await byText(el, 'p', 'No messages yet');
    const conversation = await $(el, 'tp-conversation');
    const root = conversation.shadowRoot!;

    // A real PNG, as a screenshot tool would put on the clipboard.
    const canvas = document.createElement('canvas');
    canvas.width = 30;
    canvas.height = 20;
    canvas.getContext('2d')!.fillRect(0, 0, 30, 20);
    const png = await new Promise<Blob>((r) => canvas.toBlob((b) => r(b!), 'image/png'));

    const drop = new DataTransfer();
    drop.items.add(new File(['the log'], 'printer.log', { type: 'text/plain' }));
    const area = root.querySelector('.drop')!;
    area.dispatchEvent(
      new DragEvent('dragover', { dataTransfer: drop, bubbles: true, composed: true, cancelable: true }),
    );
    await waitFor(() => area.classList.contains('dropping'), 'the drop area shows');
    const list = root.querySelector('p.muted') ?? area;
    list.dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, composed: true, cancelable: true }));
    await waitFor(() => !area.classList.contains('dropping'), 'the drop area settles');

    const clip = new DataTransfer();
    clip.items.add(new File([png], 'image.png', { type: 'image/png' }));
    const textarea = root.querySelector<HTMLTextAreaElement>('textarea#reply')!;
    const paste = new ClipboardEvent('paste', { clipboardData: clip, bubbles: true, composed: true, cancelable: true });
    textarea.dispatchEvent(paste);
    assert(paste.defaultPrevented, 'the screenshot does not go into the text');

    await waitFor(() => root.querySelectorAll('.pending li').length === 2, 'two files listed');
    const names = [...root.querySelectorAll('.pending .name')].map((n) => n.textContent!.trim());
    assert(names[0]!.startsWith('printer.log'), `dropped file listed: ${names[0]}`);
    assert(/^screenshot-\d{14}\.png/.test(names[1]!), `pasted screenshot named by the time: ${names[1]}`);
    const before = await waitFor(
      () => root.querySelector<HTMLImageElement>('.pending img'),
      'thumbnail before sending',
    );
    await waitFor(() => before.complete && before.naturalWidth === 30, 'the thumbnail shows the image');
    await expectAccessible(el);

    const progress = new Set<string>();
    const seen = new MutationObserver(() =>
      root.querySelectorAll('.pending progress').forEach((p) => progress.add(p.getAttribute('aria-label')!)),
    );
    seen.observe(root, { subtree: true, childList: true });
    textarea.value = 'Log and screenshot attached.';
    (await byText<HTMLButtonElement>(conversation, 'button', 'Send')).click();
    const sent = await byText(conversation, 'ol > li', 'Log and screenshot attached.');
    seen.disconnect();
    equal(
      [...progress].sort().join(' | '),
      `Uploading ${names[0]!.split(' ')[0]} | Uploading ${names[1]!.split(' ')[0]}`.split(' | ').sort().join(' | '),
      'a progress bar per file',
    );
    equal(root.querySelectorAll('.pending li').length, 0, 'the list is emptied once sent');
    const after = await waitFor(() => sent.querySelector<HTMLImageElement>('img.thumb'), 'thumbnail after sending');
    await waitFor(() => after.complete && after.naturalWidth === 30, 'the sent image shows');
    equal(sent.querySelectorAll('.files li').length, 2, 'both files sent');
  });
});
