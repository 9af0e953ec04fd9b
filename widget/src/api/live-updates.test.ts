import { $, assert, byText, cleanup, equal, find, mount, server, textOf, waitFor, world } from '../../test/helpers.js';
import { readEvents, type ServerEvent } from './live-updates.js';

/** A stream body delivering `chunks` one by one, as the network would cut them. */
function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(encoder.encode(next));
    },
  });
}

/**
 * Watches the live-update requests the widget makes: whether each is still
 * open, and lets a test mute them (events are swallowed) or cut them (as a
 * proxy timing out would).
 */
function watchEventStreams() {
  // One signal per running stream loop; its reconnections reuse it.
  const streams: AbortSignal[] = [];
  const cuts: (() => void)[] = [];
  let muted = false;
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!String(input).endsWith('/events') || !init?.signal) return original(input, init);
    streams.push(init.signal);
    const res = await original(input, init);
    if (!res.body) return res;
    let controller!: TransformStreamDefaultController<Uint8Array>;
    const body = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        start: (c) => void (controller = c),
        transform: (chunk, c) => (muted ? undefined : c.enqueue(chunk)),
      }),
    );
    cuts.push(() => controller.error(new Error('connection dropped')));
    return new Response(body, { status: res.status, headers: res.headers });
  };
  return {
    streams,
    open: () => new Set(streams.filter((s) => !s.aborted)).size,
    mute: (on: boolean) => void (muted = on),
    cut: () => cuts.splice(0).forEach((cut) => cut()),
    restore: () => (window.fetch = original),
  };
}

describe('readEvents', () => {
  it('parses events split anywhere, with CRLF, comments and multi-line data', async () => {
    const events: ServerEvent[] = [];
    const body = streamOf([
      'event: ready\ndata: {}\n\n: keep-alive\n\nevent: tic',
      'ket\r\ndata: {"ticketId":',
      '"t1"}\r',
      '\n\r\ndata: one\ndata:two\n\n',
      'event: empty\n\nid: 7\ndata: {"x": 1}\n\n',
    ]);
    for await (const e of readEvents(body)) events.push(e);
    equal(
      JSON.stringify(events),
      JSON.stringify([
        { event: 'ready', data: '{}' },
        { event: 'ticket', data: '{"ticketId":"t1"}' },
        { event: 'message', data: 'one\ntwo' },
        { event: 'message', data: '{"x": 1}' },
      ]),
    );
  });
});

describe('<tickets-portal> live updates', () => {
  let spy: ReturnType<typeof watchEventStreams>;
  beforeEach(() => {
    spy = watchEventStreams();
  });
  afterEach(() => {
    cleanup();
    spy.restore();
  });

  it("shows an agent's reply and status changes without a reload", async () => {
    const w = await world();
    const title = `Scanner offline ${Date.now()}`;
    const id = await server.newTicket(title);
    const el = await mount({ token: w.tokens.dana });
    // A marker a reload would wipe out.
    const page = window as Window & { notReloaded?: boolean };
    page.notReloaded = true;

    // The list follows a status change made on the help desk's side.
    const row = await byText<HTMLButtonElement>(el, 'li button', title);
    assert(row.querySelector('.status-open'), 'open at first');
    await waitFor(() => spy.open() === 1, 'one live stream while shown');
    await server.setStatus(id, 'in_progress');
    await waitFor(() => findRow(el, title)?.querySelector('.status-in_progress'), 'list shows the new status');

    findRow(el, title)!.click();
    await byText(el, 'h2', title);
    const detail = await $(el, 'tp-ticket-detail');
    await byText(el, 'p', 'No messages yet');

    await server.agentReply(id, 'Sam here: the scanner is being replaced.');
    await byText(el, 'p', 'Sam here: the scanner is being replaced.');
    assert(textOf(el).includes('Sam Support'), "the agent's name");
    await server.setStatus(id, 'waiting');
    await waitFor(() => find(detail, '.top .status-waiting'), 'detail shows the new status');

    equal(find(el, 'tp-ticket-detail'), detail, 'the same view, updated in place');
    assert(page.notReloaded, 'no reload');
    equal(spy.open(), 1, 'still one live stream');
  });

  it('keeps one stream only while the panel is open, and none once signed out', async () => {
    // A session of its own: this test signs it out.
    const session = await server.shortSession('dana', 3600);
    const el = await mount({ mode: 'embedded', token: session.token, refreshToken: session.refreshToken });
    await $(el, 'button.launcher');
    await new Promise((r) => setTimeout(r, 200));
    equal(spy.streams.length, 0, 'no stream before the panel opens');

    el.open();
    await waitFor(() => spy.open() === 1, 'stream opened');
    el.close();
    await waitFor(() => spy.open() === 0, 'stream closed with the panel');
    el.open();
    await waitFor(() => spy.open() === 1, 'a new stream when opened again');
    equal(spy.streams.length, 2);

    el.close();
    el.open();
    await waitFor(() => spy.open() === 1, 'stream opened');
    (await byText<HTMLButtonElement>(el, 'header button', 'Account')).click();
    (await byText<HTMLButtonElement>(el, 'button', /^\s*Sign out\s*$/)).click();
    await byText(el, 'h2', 'Sign in');
    await waitFor(() => spy.open() === 0, 'stream closed on sign-out');
  });

  it('reconnects after the stream drops, and refreshes what may have been missed', async () => {
    const w = await world();
    const title = `Badge reader ${Date.now()}`;
    const id = await server.newTicket(title);
    const el = await mount({ token: w.tokens.dana });
    await byText(el, 'li button', title);
    await waitFor(() => spy.open() === 1, 'stream opened');

    // The help desk changes the ticket while the widget hears nothing (a stalled
    // connection): the list cannot know yet.
    spy.mute(true);
    await server.setStatus(id, 'resolved');
    await new Promise((r) => setTimeout(r, 2500));
    assert(findRow(el, title)?.querySelector('.status-open'), 'no other path refreshed the list');

    // The connection drops; the widget reconnects and, having maybe missed events, refreshes.
    spy.mute(false);
    spy.cut();
    await waitFor(() => findRow(el, title)?.querySelector('.status-resolved'), 'status after reconnect', 12_000);
    equal(spy.streams.length, 2, 'reconnected once');
    equal(spy.open(), 1, 'one stream open');
  });
});

function findRow(el: Element, title: string): HTMLButtonElement | undefined {
  return [...(find(el, 'tp-ticket-list')?.shadowRoot?.querySelectorAll<HTMLButtonElement>('li button') ?? [])].find(
    (b) => b.textContent?.includes(title),
  );
}
