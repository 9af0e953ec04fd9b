import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { mintSession } from '../auth/sessions.js';
import { useTestContext } from '../testing/use-test-context.js';
import { testDialect } from '../testing/test-db.js';
import { insertMessage } from '../tickets/tickets.repository.js';

const LIMIT = 4096;

const t = useTestContext(
  async (t) => {
    const typeId = await t.world.ticketType('incident', 'Incident');
    const acme = await t.world.portal('acme', [typeId]);
    const beta = await t.world.portal('beta', [typeId]);
    const orgA = await t.world.organization('Acme');
    const orgB = await t.world.organization('Bolt');
    const alice = await t.world.user({ organizationId: orgA, name: 'Alice' });
    const carol = await t.world.user({ organizationId: orgA, name: 'Carol' });
    const bob = await t.world.user({ organizationId: orgB, name: 'Bob' });
    const agent = await t.world.user({ role: 'agent', name: 'Agent' });
    const aliceToken = await t.signIn(alice, acme.id);
    const aliceUnbound = await t.signIn(alice);
    const bobToken = await t.signIn(bob, acme.id);
    const carolToken = await t.signIn(carol, acme.id);
    const agentToken = await t.signIn(agent);
    void beta;
    const aliceTicket = (await t.world.ticket({ typeId, requesterId: alice })).id;
    const bobTicket = (await t.world.ticket({ typeId, requesterId: bob })).id;
    const carolPrivate = (await t.world.ticket({ typeId, requesterId: carol, private: true })).id;
    const carolShared = (await t.world.ticket({ typeId, requesterId: carol })).id;
    return {
      typeId,
      alice,
      aliceToken,
      aliceUnbound,
      bobToken,
      carolToken,
      agent,
      agentToken,
      aliceTicket,
      bobTicket,
      carolPrivate,
      carolShared,
    };
  },
  { maxUploadBytes: LIMIT },
);

interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: Uint8Array | string;
}

/** A multipart body built byte by byte, so file names reach the server exactly as an attacker would send them. */
function multipart(parts: Part[]): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const boundary = `----tp${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += '\r\n';
    if (part.type) head += `Content-Type: ${part.type}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(chunks)), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function post(path: string, token: string, body: BodyInit | undefined, headers: Record<string, string> = {}) {
  const res = await t.app.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : null };
}

function upload(token: string, ticketId: string, file: Omit<Part, 'name'> & { name?: string }, slug = 'acme') {
  const { body, contentType } = multipart([{ name: 'file', filename: 'note.txt', type: 'text/plain', ...file }]);
  return post(`/api/v1/portals/${slug}/tickets/${ticketId}/attachments`, token, body, { 'content-type': contentType });
}

async function download(token: string, id: string, query = '') {
  const res = await t.app.request(`/api/v1/attachments/${id}${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: Buffer.from(bytes).toString('utf8') };
}

/** Every file under the upload directory, temp files included, as paths relative to it. */
function storedFiles(): string[] {
  return readdirSync(t.uploadDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(t.uploadDir.length + 1))
    .sort();
}

async function storageKeysInDb(): Promise<string[]> {
  const rows = await t.k.selectFrom('attachments').select('storage_key').execute();
  return rows.map((r) => r.storage_key).sort();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('upload and download', () => {
  it('round-trips the exact bytes and records the row and event', async () => {
    const data = new Uint8Array(randomBytes(3000));
    const up = await upload(t.aliceToken, t.aliceTicket, { filename: 'dump.bin', type: 'application/x-custom', data });
    expect(up.status).toBe(201);
    expect(up.json).toEqual({
      id: expect.stringMatching(UUID),
      filename: 'dump.bin',
      contentType: 'application/x-custom',
      size: 3000,
      createdAt: expect.any(String),
    });
    const row = await t.k.selectFrom('attachments').selectAll().where('id', '=', up.json.id).executeTakeFirstOrThrow();
    expect(row.message_id).toBeNull();
    expect(row.uploader_id).toBe(t.alice);
    expect(row.storage_key).toMatch(UUID);
    expect(existsSync(join(t.uploadDir, row.storage_key))).toBe(true);
    const events = await t.k
      .selectFrom('ticket_events')
      .select('data')
      .where('ticket_id', '=', t.aliceTicket)
      .where('type', '=', 'attachment_added')
      .execute();
    expect(events.map((e) => JSON.parse(e.data).attachmentId)).toContain(up.json.id);

    const down = await download(t.aliceToken, up.json.id);
    expect(down.status).toBe(200);
    expect(Buffer.from(down.bytes).equals(Buffer.from(data))).toBe(true);
    expect(down.headers.get('content-type')).toBe('application/octet-stream');
    expect(down.headers.get('content-length')).toBe('3000');
    expect(down.headers.get('x-content-type-options')).toBe('nosniff');
    expect(down.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(down.headers.get('cache-control')).toBe('private, no-store');
    expect(down.headers.get('content-disposition')).toBe(`attachment; filename="dump.bin"; filename*=UTF-8''dump.bin`);

    // The ticket itself lists it until a message takes it.
    const detail = await t.request('GET', `/api/v1/portals/acme/tickets/${t.aliceTicket}`, { token: t.aliceToken });
    expect(detail.json.attachments.map((a: { id: string }) => a.id)).toContain(up.json.id);
  });

  it('writes the file to disk as it arrives, before the body has ended', async () => {
    const data = new Uint8Array(randomBytes(LIMIT));
    const { body, contentType } = multipart([{ name: 'file', filename: 'slow.bin', data }]);
    const half = body.byteLength >> 1;
    let sendRest: () => void = () => undefined;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(body.subarray(0, half));
        sendRest = () => {
          controller.enqueue(body.subarray(half));
          controller.close();
        };
      },
    });
    const request = t.app.request(`/api/v1/portals/acme/tickets/${t.aliceTicket}/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.aliceToken}`,
        'content-type': contentType,
        'content-length': String(body.byteLength),
      },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const partial = () =>
      readdirSync(join(t.uploadDir, 'tmp')).map((name) => statSync(join(t.uploadDir, 'tmp', name)).size);
    await vi.waitFor(() => expect(partial().some((size) => size > 0)).toBe(true));
    sendRest();
    const res = await request;
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(Buffer.from((await download(t.aliceToken, id)).bytes).equals(Buffer.from(data))).toBe(true);
  });

  it('accepts a file of exactly the limit and refuses one byte more, leaving no file behind', async () => {
    const atLimit = await upload(t.aliceToken, t.aliceTicket, { data: new Uint8Array(LIMIT).fill(97) });
    expect(atLimit.status).toBe(201);
    expect(atLimit.json.size).toBe(LIMIT);
    const before = storedFiles();
    expect(before).toEqual(await storageKeysInDb());

    const over = await upload(t.aliceToken, t.aliceTicket, { data: new Uint8Array(LIMIT + 1).fill(97) });
    expect(over.status).toBe(413);
    expect(over.json).toEqual({ error: { code: 'payload_too_large', message: expect.any(String), field: 'file' } });
    expect(storedFiles()).toEqual(before);
    expect(readdirSync(join(t.uploadDir, 'tmp'))).toEqual([]);

    // Far over: the app's body limit stops it before the form is read, streamed or with a Content-Length.
    const { body, contentType } = multipart([
      { name: 'file', filename: 'big.bin', data: new Uint8Array(LIMIT + 80 * 1024) },
    ]);
    const path = `/api/v1/portals/acme/tickets/${t.aliceTicket}/attachments`;
    const streamed = await post(path, t.aliceToken, body, { 'content-type': contentType });
    expect(streamed.status).toBe(413);
    expect(streamed.json.error.code).toBe('payload_too_large');
    const declared = await post(path, t.aliceToken, body, {
      'content-type': contentType,
      'content-length': String(body.byteLength),
    });
    expect(declared.status).toBe(413);
    expect(storedFiles()).toEqual(before);
    expect(await storageKeysInDb()).toEqual(before);
  });

  it('stores hostile names under a generated id and serves them only as downloads', async () => {
    const cases = [
      { filename: '../../x', type: 'text/html', shown: 'x', served: 'application/octet-stream' },
      { filename: 'a.html%00.png', type: 'text/html', shown: 'a.html%00.png', served: 'application/octet-stream' },
      { filename: '..\\..\\evil.svg', type: 'image/svg+xml', shown: 'evil.svg', served: 'application/octet-stream' },
      { filename: 'invoice\u202Efdp.exe', type: 'application/pdf', shown: 'invoicefdp.exe', served: 'application/pdf' },
      {
        filename: 'readme.txt',
        type: 'text/plain; charset=latin1',
        shown: 'readme.txt',
        served: 'text/plain; charset=utf-8',
      },
    ];
    for (const c of cases) {
      const html = '<html><script>alert(document.domain)</script></html>';
      const up = await upload(t.aliceToken, t.aliceTicket, { filename: c.filename, type: c.type, data: html });
      expect(up.status, c.filename).toBe(201);
      expect(up.json.filename).toBe(c.shown);
      const row = await t.k
        .selectFrom('attachments')
        .select('storage_key')
        .where('id', '=', up.json.id)
        .executeTakeFirstOrThrow();
      expect(row.storage_key).toMatch(UUID);

      const down = await download(t.aliceToken, up.json.id);
      expect(down.status).toBe(200);
      expect(down.text).toBe(html);
      expect(down.headers.get('content-type')).toBe(c.served);
      expect(down.headers.get('x-content-type-options')).toBe('nosniff');
      expect(down.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      const disposition = down.headers.get('content-disposition') ?? '';
      expect(disposition.startsWith('attachment; ')).toBe(true);
      expect(disposition).toMatch(/^[\x20-\x7e]+$/);
    }
    // A raw NUL is not allowed in a header at all: the form is refused before anything is stored.
    const nul = await upload(t.aliceToken, t.aliceTicket, {
      filename: 'a.html\u0000.png',
      type: 'image/png',
      data: 'x',
    });
    expect(nul.status).toBe(400);
    expect(nul.json.error.field).toBe('body');
    expect(existsSync(join(t.uploadDir, '..', '..', 'x'))).toBe(false);
    // Only generated names on disk.
    for (const file of storedFiles()) expect(file).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('encodes non-ASCII and quoted names per RFC 6266 / 5987', async () => {
    // Browsers send a quote in a multipart file name as %22 (HTML form encoding).
    const up = await upload(t.aliceToken, t.aliceTicket, {
      filename: 'résumé %22v2%22; x.pdf',
      type: 'application/pdf',
      data: '%PDF-1.4',
    });
    expect(up.json.filename).toBe('résumé "v2"; x.pdf');
    const down = await download(t.aliceToken, up.json.id);
    expect(down.headers.get('content-disposition')).toBe(
      `attachment; filename="r_sum_ _v2_; x.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v2%22%3B%20x.pdf`,
    );
  });
});

describe('bad requests', () => {
  const path = () => `/api/v1/portals/acme/tickets/${t.aliceTicket}/attachments`;

  it('names the missing or wrong part', async () => {
    const noFile = multipart([{ name: 'other', data: 'x' }]);
    const unknown = await post(path(), t.aliceToken, noFile.body, { 'content-type': noFile.contentType });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.field).toBe('other');

    const empty = multipart([]);
    const missing = await post(path(), t.aliceToken, empty.body, { 'content-type': empty.contentType });
    expect(missing.status).toBe(400);
    expect(missing.json.error.field).toBe('file');

    const text = multipart([{ name: 'file', data: 'not a file' }]);
    const notFile = await post(path(), t.aliceToken, text.body, { 'content-type': text.contentType });
    expect(notFile.status).toBe(400);
    expect(notFile.json.error.field).toBe('file');

    const two = multipart([
      { name: 'file', filename: 'a.txt', data: 'a' },
      { name: 'file', filename: 'b.txt', data: 'b' },
    ]);
    const twice = await post(path(), t.aliceToken, two.body, { 'content-type': two.contentType });
    expect(twice.status).toBe(400);
    expect(twice.json.error.field).toBe('file');

    const zero = await upload(t.aliceToken, t.aliceTicket, { data: '' });
    expect(zero.status).toBe(400);
    expect(zero.json.error.field).toBe('file');

    const broken = await post(path(), t.aliceToken, 'garbage', {
      'content-type': 'multipart/form-data; boundary=nope',
    });
    expect(broken.status).toBe(400);
    expect(broken.json.error.field).toBe('body');
  });

  it('answers 415 naming the content type for anything but multipart', async () => {
    const json = await post(path(), t.aliceToken, JSON.stringify({ file: 'x' }), {
      'content-type': 'application/json',
    });
    expect(json.status).toBe(415);
    expect(json.json.error.field).toBe('content-type');
    const plain = await post(path(), t.aliceToken, 'x', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(plain.json.error.field).toBe('content-type');
  });

  it('refuses a read-only preview session with 403 and stores nothing', async () => {
    const admin = await t.world.user({ role: 'admin' });
    const { token } = await mintSession(t.k, t.deps.secret, t.clock, {
      userId: admin,
      kind: 'preview',
      previewUserId: t.alice,
      ttlSeconds: 600,
    });
    const before = storedFiles();
    const res = await upload(token, t.aliceTicket, { data: 'x' });
    expect(res.status).toBe(403);
    expect(storedFiles()).toEqual(before);
  });

  it('deletes the stored file when the row cannot be inserted', async () => {
    expect(t.db.dialect).toBe(testDialect);
    if (t.db.dialect === 'sqlite') {
      await sql`create trigger attachments_fail before insert on attachments begin select raise(abort, 'injected'); end`.execute(
        t.k,
      );
    } else {
      await sql`create function attachments_fail() returns trigger language plpgsql as $$ begin raise exception 'injected'; end $$`.execute(
        t.k,
      );
      await sql`create trigger attachments_fail before insert on attachments for each row execute function attachments_fail()`.execute(
        t.k,
      );
    }
    const before = storedFiles();
    const events = await t.k.selectFrom('ticket_events').select('id').where('type', '=', 'attachment_added').execute();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await upload(t.aliceToken, t.aliceTicket, { data: 'doomed' });
      expect(res.status).toBe(500);
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      if (t.db.dialect === 'sqlite') await sql`drop trigger attachments_fail`.execute(t.k);
      else {
        await sql`drop trigger attachments_fail on attachments`.execute(t.k);
        await sql`drop function attachments_fail()`.execute(t.k);
      }
    }
    expect(storedFiles()).toEqual(before);
    const after = await t.k.selectFrom('ticket_events').select('id').where('type', '=', 'attachment_added').execute();
    expect(after.length).toBe(events.length);
  });
});

describe('who may upload and download', () => {
  it('hides another organization’s ticket and a colleague’s private ticket like a missing id', async () => {
    const randomTicket = await upload(t.aliceToken, randomUUID(), { data: 'x' });
    expect(randomTicket.status).toBe(404);
    const before = storedFiles();
    for (const ticketId of [t.bobTicket, t.carolPrivate]) {
      const res = await upload(t.aliceToken, ticketId, { data: 'x' });
      expect(res.status).toBe(404);
      expect(res.json).toEqual(randomTicket.json);
    }
    expect(storedFiles()).toEqual(before);

    const randomFile = await download(t.aliceToken, randomUUID());
    expect(randomFile.status).toBe(404);
    const bobs = await upload(t.bobToken, t.bobTicket, { data: 'bob secret' });
    const carols = await upload(t.carolToken, t.carolPrivate, { data: 'carol secret' });
    expect([bobs.status, carols.status]).toEqual([201, 201]);
    for (const id of [bobs.json.id, carols.json.id]) {
      for (const query of ['', '?portal=acme']) {
        const res = await download(t.aliceToken, id, query);
        expect(res.status).toBe(404);
        expect(res.text).toBe(randomFile.text);
      }
    }
    // A colleague's shared ticket is visible through the organization rule.
    const shared = await upload(t.carolToken, t.carolShared, { data: 'team notes' });
    expect((await download(t.aliceToken, shared.json.id)).text).toBe('team notes');
    expect((await upload(t.aliceToken, t.carolShared, { data: 'reply' })).status).toBe(201);
  });

  it('does not let a token of portal A act on portal B', async () => {
    const mine = await upload(t.aliceToken, t.aliceTicket, { data: 'mine' });
    const viaB = await download(t.aliceToken, mine.json.id, '?portal=beta');
    expect(viaB.status).toBe(401);
    expect(JSON.parse(viaB.text)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    const uploadB = await upload(t.aliceToken, t.aliceTicket, { data: 'x' }, 'beta');
    expect([401, 404]).toContain(uploadB.status);
    expect((await download(t.aliceToken, mine.json.id, '?portal=acme')).status).toBe(200);
  });

  it('needs a portal for an unbound customer session, and a real one', async () => {
    const mine = await upload(t.aliceToken, t.aliceTicket, { data: 'mine' });
    const missing = await download(t.aliceUnbound, randomUUID());
    expect((await download(t.aliceUnbound, mine.json.id)).text).toBe(missing.text);
    expect((await download(t.aliceUnbound, mine.json.id, '?portal=nope')).text).toBe(missing.text);
    expect((await download(t.aliceUnbound, mine.json.id, '?portal=acme')).text).toBe('mine');
    expect((await download(t.aliceUnbound, mine.json.id, '?portal=acme&x=1')).status).toBe(400);
    expect((await t.app.request(`/api/v1/attachments/${mine.json.id}`)).status).toBe(401);
  });

  it('hides attachments of internal notes from customers; staff download anything', async () => {
    const file = await upload(t.aliceToken, t.aliceTicket, { data: 'for the note' });
    await t.k.transaction().execute((trx) =>
      insertMessage(trx, {
        ticketId: t.aliceTicket,
        authorId: t.agent,
        body: 'internal',
        internal: true,
        attachmentIds: [file.json.id],
        now: new Date().toISOString(),
      }),
    );
    const missing = await download(t.aliceToken, randomUUID());
    const hidden = await download(t.aliceToken, file.json.id);
    expect(hidden.status).toBe(404);
    expect(hidden.text).toBe(missing.text);
    const staff = await download(t.agentToken, file.json.id);
    expect(staff.status).toBe(200);
    expect(staff.text).toBe('for the note');
    const bobs = await upload(t.bobToken, t.bobTicket, { data: 'bob again' });
    expect((await download(t.agentToken, bobs.json.id)).text).toBe('bob again');
  });
});

describe('attachments on messages', () => {
  it('links an uploaded file to a message and lists it there', async () => {
    const up = await upload(t.aliceToken, t.aliceTicket, {
      filename: 'screen.png',
      type: 'image/png',
      data: new Uint8Array([137, 80, 78, 71]),
    });
    const message = await t.request('POST', `/api/v1/portals/acme/tickets/${t.aliceTicket}/messages`, {
      token: t.aliceToken,
      body: { body: 'See the screenshot', attachmentIds: [up.json.id] },
    });
    expect(message.status).toBe(201);
    expect(message.json.attachments).toEqual([up.json]);
    const list = await t.request('GET', `/api/v1/portals/acme/tickets/${t.aliceTicket}/messages`, {
      token: t.aliceToken,
    });
    const listed = list.json.items.find((m: { id: string }) => m.id === message.json.id);
    expect(listed.attachments).toEqual([up.json]);
    const detail = await t.request('GET', `/api/v1/portals/acme/tickets/${t.aliceTicket}`, { token: t.aliceToken });
    expect(detail.json.attachments.map((a: { id: string }) => a.id)).not.toContain(up.json.id);
    const down = await download(t.aliceToken, up.json.id);
    expect(down.status).toBe(200);
    expect(down.headers.get('content-type')).toBe('image/png');
  });
});
