import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMessage, setStatus } from '../tickets/tickets.repository.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

/** Reads server-sent events from a response until `until` returns true or time runs out. */
async function collect(res: Response, until: (events: { event: string; data: string }[]) => boolean, ms = 6000) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: string }[] = [];
  let buffer = '';
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !until(events)) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now())),
    ]);
    if (!chunk || chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data });
    }
  }
  await reader.cancel();
  return events;
}

describe('live updates', () => {
  it('streams changes to visible tickets only, never internal notes', async () => {
    const type = await t.world.ticketType('incident');
    const portal = await t.world.portal('live', [type], {
      rules: { ownOrFollowed: true, organization: false, followedProjects: false },
    });
    const alice = await t.world.user();
    const bob = await t.world.user();
    const agent = await t.world.user({ role: 'agent' });
    const mine = await t.world.ticket({ typeId: type, requesterId: alice });
    const theirs = await t.world.ticket({ typeId: type, requesterId: bob });
    const token = await t.signIn(alice, portal.id);
    // Events just before subscribing may be replayed (look-back window); start clear of them.
    t.clock.advance(60_000);

    const res = await t.app.request('/api/v1/portals/live/events', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reading = collect(res, (events) => events.filter((e) => e.event === 'ticket').length >= 2);

    await new Promise((r) => setTimeout(r, 200));
    const now = () => t.clock.now().toISOString();
    await insertMessage(t.k, { ticketId: mine.id, authorId: agent, body: 'note', internal: true, now: now() });
    await insertMessage(t.k, {
      ticketId: theirs.id,
      authorId: agent,
      body: 'reply to bob',
      internal: false,
      now: now(),
    });
    await insertMessage(t.k, { ticketId: mine.id, authorId: agent, body: 'reply', internal: false, now: now() });
    await setStatus(t.k, mine, 'in_progress', false, agent, now());

    const events = (await reading)
      .filter((e) => e.event === 'ticket')
      .map((e) => JSON.parse(e.data) as { ticketId: string; type: string });
    expect(events.map((e) => [e.ticketId, e.type])).toEqual([
      [mine.id, 'message'],
      [mine.id, 'status_changed'],
    ]);
  });

  it('needs a session for that portal', async () => {
    expect((await t.app.request('/api/v1/portals/live/events')).status).toBe(401);
  });
});
