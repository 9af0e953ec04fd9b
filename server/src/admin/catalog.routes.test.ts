import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';

let t: TestContext;
let admin: string;

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.signIn(await t.world.user({ role: 'admin' }));
});
afterAll(() => t.close());

describe('admin ticket types', () => {
  it('creates (placed last), reads, lists in order, changes and deletes', async () => {
    const a = await t.request('POST', '/api/v1/admin/ticket-types', {
      token: admin,
      body: { key: 'incident', name: 'Incident' },
    });
    expect(a.status).toBe(201);
    expect(a.json).toMatchObject({ key: 'incident', name: 'Incident', position: 0 });
    const b = await t.request('POST', '/api/v1/admin/ticket-types', {
      token: admin,
      body: { key: 'question', name: 'Question' },
    });
    expect(b.json.position).toBe(1);
    const moved = await t.request('PATCH', `/api/v1/admin/ticket-types/${b.json.id}`, {
      token: admin,
      body: { position: 0, name: 'Questions', key: 'q' },
    });
    expect(moved.status).toBe(200);
    await t.request('PATCH', `/api/v1/admin/ticket-types/${a.json.id}`, { token: admin, body: { position: 5 } });
    const list = await t.request('GET', '/api/v1/admin/ticket-types', { token: admin });
    expect(list.json.items.map((x: { key: string }) => x.key)).toEqual(['q', 'incident']);
    const page = await t.request('GET', '/api/v1/admin/ticket-types?limit=1', { token: admin });
    const next = await t.request('GET', `/api/v1/admin/ticket-types?limit=1&cursor=${page.json.nextCursor}`, {
      token: admin,
    });
    expect([...page.json.items, ...next.json.items].map((x: { key: string }) => x.key)).toEqual(['q', 'incident']);
    expect(next.json.nextCursor).toBeNull();
    expect((await t.request('GET', `/api/v1/admin/ticket-types/${b.json.id}`, { token: admin })).json.name).toBe(
      'Questions',
    );
  });

  it('refuses a taken key (409) and bad input by field', async () => {
    const dup = await t.request('POST', '/api/v1/admin/ticket-types', {
      token: admin,
      body: { key: 'incident', name: 'Again' },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.error.field).toBe('key');
    for (const [body, field] of [
      [{ key: 'Bad Key', name: 'X' }, 'key'],
      [{ key: 'ok', name: '' }, 'name'],
      [{ key: 'ok', name: 'X', position: -1 }, 'position'],
      [{ key: 'ok', name: 'X', position: 'first' }, 'position'],
    ] as [unknown, string][]) {
      const res = await t.request('POST', '/api/v1/admin/ticket-types', { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
  });

  it('refuses to delete a type tickets use (409); otherwise portals and fields stop naming it', async () => {
    const used = await t.request('POST', '/api/v1/admin/ticket-types', {
      token: admin,
      body: { key: 'used', name: 'Used' },
    });
    await t.world.ticket({ typeId: used.json.id, requesterId: await t.world.user() });
    const refused = await t.request('DELETE', `/api/v1/admin/ticket-types/${used.json.id}`, { token: admin });
    expect(refused.status).toBe(409);
    expect((await t.request('GET', `/api/v1/admin/ticket-types/${used.json.id}`, { token: admin })).status).toBe(200);

    const spare = await t.request('POST', '/api/v1/admin/ticket-types', {
      token: admin,
      body: { key: 'spare', name: 'Spare' },
    });
    const portal = await t.request('POST', '/api/v1/admin/portals', {
      token: admin,
      body: { slug: 'p', config: { visibleTypeIds: [used.json.id, spare.json.id] } },
    });
    expect(portal.status).toBe(201);
    const field = await t.request('POST', '/api/v1/admin/custom-fields', {
      token: admin,
      body: { key: 'size', label: 'Size', type: 'number', typeIds: [spare.json.id, used.json.id] },
    });
    expect((await t.request('DELETE', `/api/v1/admin/ticket-types/${spare.json.id}`, { token: admin })).status).toBe(
      204,
    );
    expect((await t.request('GET', `/api/v1/admin/ticket-types/${spare.json.id}`, { token: admin })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/admin/portals/p', { token: admin })).json.config.visibleTypeIds).toEqual([
      used.json.id,
    ]);
    expect(
      (await t.request('GET', `/api/v1/admin/custom-fields/${field.json.id}`, { token: admin })).json.typeIds,
    ).toEqual([used.json.id]);
    expect((await t.request('DELETE', `/api/v1/admin/ticket-types/${spare.json.id}`, { token: admin })).status).toBe(
      404,
    );
  });
});

describe('admin custom fields', () => {
  it('creates, reads, lists, changes and deletes', async () => {
    const created = await t.request('POST', '/api/v1/admin/custom-fields', {
      token: admin,
      body: { key: 'env', label: 'Environment', type: 'select', options: ['prod', 'staging'], required: true },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      key: 'env',
      type: 'select',
      options: ['prod', 'staging'],
      typeIds: null,
      required: true,
    });
    const id = created.json.id;
    expect((await t.request('GET', `/api/v1/admin/custom-fields/${id}`, { token: admin })).json).toEqual(created.json);
    const list = await t.request('GET', '/api/v1/admin/custom-fields', { token: admin });
    expect(list.json.items.map((f: { key: string }) => f.key)).toContain('env');

    const changed = await t.request('PATCH', `/api/v1/admin/custom-fields/${id}`, {
      token: admin,
      body: { label: 'Env', options: ['prod', 'staging', 'dev'], required: false },
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ label: 'Env', options: ['prod', 'staging', 'dev'], required: false });
    const toText = await t.request('PATCH', `/api/v1/admin/custom-fields/${id}`, {
      token: admin,
      body: { type: 'text' },
    });
    expect(toText.json).toMatchObject({ type: 'text', options: null });
    const row = await t.k.selectFrom('custom_fields').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ label: 'Env', type: 'text', options: null, required: 0 });
  });

  it('names the field of bad input', async () => {
    const typeId = (await t.request('GET', '/api/v1/admin/ticket-types', { token: admin })).json.items[0].id;
    for (const [body, field] of [
      [{ key: 'x', label: 'X', type: 'select' }, 'options'],
      [{ key: 'x', label: 'X', type: 'select', options: [] }, 'options'],
      [{ key: 'x', label: 'X', type: 'select', options: ['a', 'a'] }, 'options.1'],
      [{ key: 'x', label: 'X', type: 'text', options: ['a'] }, 'options'],
      [{ key: 'x', label: 'X', type: 'color' }, 'type'],
      [{ key: 'X-1', label: 'X', type: 'text' }, 'key'],
      [{ key: 'x', label: '', type: 'text' }, 'label'],
      [{ key: 'x', label: 'X', type: 'text', typeIds: [typeId, 'nope'] }, 'typeIds.1'],
      [{ key: 'x', label: 'X', type: 'text', required: 'yes' }, 'required'],
    ] as [unknown, string][]) {
      const res = await t.request('POST', '/api/v1/admin/custom-fields', { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
    const dup = await t.request('POST', '/api/v1/admin/custom-fields', {
      token: admin,
      body: { key: 'env', label: 'Again', type: 'text' },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.error.field).toBe('key');
    const env = (await t.request('GET', '/api/v1/admin/custom-fields', { token: admin })).json.items.find(
      (f: { key: string }) => f.key === 'env',
    );
    const rekey = await t.request('PATCH', `/api/v1/admin/custom-fields/${env.id}`, {
      token: admin,
      body: { key: 'environment' },
    });
    expect(rekey.status).toBe(400);
    expect(rekey.json.error.field).toBe('key');
    const toSelect = await t.request('PATCH', `/api/v1/admin/custom-fields/${env.id}`, {
      token: admin,
      body: { type: 'select' },
    });
    expect(toSelect.status).toBe(400);
    expect(toSelect.json.error.field).toBe('options');
  });

  it('deletes a field with its values and the portal properties naming it', async () => {
    const typeId = await t.world.ticketType('bug');
    const field = await t.request('POST', '/api/v1/admin/custom-fields', {
      token: admin,
      body: { key: 'os_name', label: 'OS', type: 'text' },
    });
    const portal = await t.request('POST', '/api/v1/admin/portals', {
      token: admin,
      body: {
        slug: 'fields',
        config: {
          detailProperties: [
            { property: 'status', editable: false },
            { property: 'custom:os_name', editable: true },
          ],
        },
      },
    });
    expect(portal.status).toBe(201);
    const ticket = await t.world.ticket({
      typeId,
      requesterId: await t.world.user(),
      custom: { os_name: 'Linux', other: 1 },
    });
    expect(
      (await t.request('DELETE', `/api/v1/admin/custom-fields/${field.json.id}?confirm=true`, { token: admin })).status,
    ).toBe(204);
    expect((await t.request('GET', `/api/v1/admin/custom-fields/${field.json.id}`, { token: admin })).status).toBe(404);
    const config = (await t.request('GET', '/api/v1/admin/portals/fields', { token: admin })).json.config;
    expect(config.detailProperties).toEqual([{ property: 'status', editable: false }]);
    const row = await t.k.selectFrom('tickets').select('custom').where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.custom)).toEqual({ other: 1 });
  });
});
