import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';

const t = useTestContext(async (t) => {
  const incident = await t.world.ticketType('incident', 'Incident');
  const question = await t.world.ticketType('question', 'Question');
  const admin = await t.signIn(await t.world.user({ role: 'admin' }));
  return { admin, incident, question };
});

const api = (method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1/admin/portals${path}`, { token: t.admin, body });

describe('admin portals', () => {
  it('creates a portal from the defaults, with every type visible', async () => {
    const res = await api('POST', '', { slug: 'acme' });
    expect(res.status).toBe(201);
    expect(res.json.slug).toBe('acme');
    expect(res.json.config.name).toBe('acme');
    expect(res.json.config.kind).toBe('ticket');
    expect(res.json.config.visibleTypeIds.sort()).toEqual([t.incident, t.question].sort());
    const stored = await t.k
      .selectFrom('portals')
      .select('config')
      .where('slug', '=', 'acme')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.config).visibleTypeIds.sort()).toEqual([t.incident, t.question].sort());
    // The public route serves it at once.
    const pub = await t.request('GET', '/api/v1/portals/acme');
    expect(pub.status).toBe(200);
  });

  it('creates with a partial config merged over the defaults', async () => {
    const res = await api('POST', '', {
      slug: 'tasks-2',
      config: {
        name: 'Tasks',
        kind: 'task',
        visibleTypeIds: [t.question],
        branding: { dark: { mainColor: '#000000' } },
      },
    });
    expect(res.status).toBe(201);
    expect(res.json.config.kind).toBe('task');
    expect(res.json.config.visibleTypeIds).toEqual([t.question]);
    expect(res.json.config.branding.dark.mainColor).toBe('#000000');
    expect(res.json.config.branding.dark.bodyColor).toBe('#111827');
    expect(res.json.config.branding.light.mainColor).toBe('#2563eb');
  });

  it('refuses bad slugs and a taken slug', async () => {
    for (const slug of ['Acme', 'a b', '-x', '', 'a'.repeat(65), 'ac/me']) {
      const res = await api('POST', '', { slug });
      expect(res.status, slug).toBe(400);
      expect(res.json.error.field).toBe('slug');
    }
    const taken = await api('POST', '', { slug: 'acme' });
    expect(taken.status).toBe(409);
    expect(taken.json.error.field).toBe('slug');
  });

  it('names the field of an invalid config on create', async () => {
    const res = await api('POST', '', { slug: 'bad', config: { branding: { light: { mainColor: 'red' } } } });
    expect(res.status).toBe(400);
    expect(res.json.error.field).toBe('config.branding.light.mainColor');
    const unknown = await api('POST', '', { slug: 'bad', config: { colour: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.field).toBe('config.colour');
    const type = await api('POST', '', { slug: 'bad', config: { visibleTypeIds: [t.incident, 'nope'] } });
    expect(type.status).toBe(400);
    expect(type.json.error.field).toBe('config.visibleTypeIds.1');
    expect((await api('GET', '/bad')).status).toBe(404);
  });

  it('lists and reads portals, disabled ones too', async () => {
    await api('PATCH', '/tasks-2', { enabled: false });
    const list = await api('GET', '');
    expect(list.status).toBe(200);
    expect(list.json.items.map((p: { slug: string }) => p.slug)).toEqual(['acme', 'tasks-2']);
    expect(list.json.nextCursor).toBeNull();
    const one = await api('GET', '/tasks-2');
    expect(one.status).toBe(200);
    expect(one.json.config.enabled).toBe(false);
    expect((await t.request('GET', '/api/v1/portals/tasks-2')).status).toBe(404);
    expect((await api('GET', '/nope')).status).toBe(404);
  });

  it('pages the list with a cursor', async () => {
    const first = await t.request('GET', '/api/v1/admin/portals?limit=1', { token: t.admin });
    expect(first.json.items.map((p: { slug: string }) => p.slug)).toEqual(['acme']);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await t.request('GET', `/api/v1/admin/portals?limit=1&cursor=${first.json.nextCursor}`, {
      token: t.admin,
    });
    expect(second.json.items.map((p: { slug: string }) => p.slug)).toEqual(['tasks-2']);
    expect(second.json.nextCursor).toBeNull();
  });

  it('patches part of the config and keeps the rest', async () => {
    const res = await api('PATCH', '/acme', {
      name: 'Acme support',
      rules: { organization: false },
      views: { followed: false },
      branding: { light: { logoUrl: 'https://acme.example/logo.png' } },
      allowedOrigins: ['https://acme.example'],
      detailProperties: [
        { property: 'status', editable: false },
        { property: 'priority', editable: true },
        { property: 'due_date', editable: true },
      ],
    });
    expect(res.status).toBe(200);
    const config = res.json.config;
    expect(config.name).toBe('Acme support');
    expect(config.rules).toEqual({ ownOrFollowed: true, organization: false, followedProjects: true });
    expect(config.views.followed).toBe(false);
    expect(config.views.all).toBe(true);
    expect(config.branding.light.logoUrl).toBe('https://acme.example/logo.png');
    expect(config.branding.light.mainColor).toBe('#2563eb');
    const pub = await t.request('GET', '/api/v1/portals/acme');
    expect(pub.json.name).toBe('Acme support');
    expect(pub.json.detailProperties).toHaveLength(3);
  });

  it('turns the satisfaction rating on and off (the public config says whether to ask)', async () => {
    const on = await api('PATCH', '/acme', { satisfaction: true });
    expect(on.status).toBe(200);
    expect(on.json.config.satisfaction).toBe(true);
    expect((await t.request('GET', '/api/v1/portals/acme')).json.satisfaction).toBe(true);
    const off = await api('PATCH', '/acme', { satisfaction: false });
    expect(off.json.config.satisfaction).toBe(false);
    expect((await api('PATCH', '/acme', { satisfaction: 'yes' })).status).toBe(400);
  });

  it('refuses editable standard properties customers may never edit, naming the entry', async () => {
    const res = await api('PATCH', '/acme', {
      detailProperties: [
        { property: 'priority', editable: true },
        { property: 'assignee', editable: true },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.json.error.field).toBe('detailProperties.1.editable');
    for (const property of ['requester', 'status', 'type', 'project', 'created_at']) {
      const r = await api('PATCH', '/acme', { detailProperties: [{ property, editable: true }] });
      expect(r.status, property).toBe(400);
      expect(r.json.error.field).toBe('detailProperties.0.editable');
    }
    const before = await api('GET', '/acme');
    expect(before.json.config.detailProperties.map((p: { property: string }) => p.property)).toEqual([
      'status',
      'priority',
      'due_date',
    ]);
  });

  it('checks custom properties against existing fields and refuses repeats', async () => {
    const missing = await api('PATCH', '/acme', {
      detailProperties: [{ property: 'custom:severity', editable: true }],
    });
    expect(missing.status).toBe(400);
    expect(missing.json.error.field).toBe('detailProperties.0.property');
    const field = await t.request('POST', '/api/v1/admin/custom-fields', {
      token: t.admin,
      body: { key: 'severity', label: 'Severity', type: 'select', options: ['minor', 'major'] },
    });
    expect(field.status).toBe(201);
    const ok = await api('PATCH', '/acme', {
      detailProperties: [
        { property: 'status', editable: false },
        { property: 'custom:severity', editable: true },
      ],
    });
    expect(ok.status).toBe(200);
    const twice = await api('PATCH', '/acme', {
      detailProperties: [
        { property: 'status', editable: false },
        { property: 'status', editable: false },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.json.error.field).toBe('detailProperties.1.property');
  });

  it('validates the merged config and names fields of a bad patch', async () => {
    const cases: [unknown, string][] = [
      [{ visibleTypeIds: ['nope'] }, 'visibleTypeIds.0'],
      [{ allowedOrigins: ['https://ok.example', 'javascript:alert(1)'] }, 'allowedOrigins.1'],
      [{ branding: { dark: { bodyColor: '#12345' } } }, 'branding.dark.bodyColor'],
      [{ rules: { sometimes: true } }, 'rules.sometimes'],
      [{ priorities: [] }, 'priorities'],
      [{ name: '   ' }, 'name'],
      [{ slug: 'other' }, 'slug'],
      [JSON.parse('{"__proto__": {"enabled": false}}'), '__proto__'],
    ];
    for (const [body, field] of cases) {
      const res = await api('PATCH', '/acme', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
    expect((await api('PATCH', '/nope', { name: 'X' })).status).toBe(404);
    const still = await api('GET', '/acme');
    expect(still.json.config.enabled).toBe(true);
    expect(still.json.config.visibleTypeIds.length).toBe(2);
  });

  it('keeps each support address to one portal: a duplicate is refused with 409 naming the entry, on create and on PATCH', async () => {
    const first = await api('POST', '', {
      slug: 'mail-a',
      config: { email: { supportAddresses: ['Help@Acme.example'], defaultTypeId: null } },
    });
    expect(first.status).toBe(201);
    expect(first.json.config.email.supportAddresses).toEqual(['help@acme.example']);

    // Case does not make another address.
    const created = await api('POST', '', {
      slug: 'mail-b',
      config: { email: { supportAddresses: ['other@acme.example', 'HELP@acme.example'] } },
    });
    expect([created.status, created.json.error.code, created.json.error.field]).toEqual([
      409,
      'conflict',
      'config.email.supportAddresses.1',
    ]);
    expect(created.json.error.message).toBe(
      'config.email.supportAddresses.1: another portal has this support address.',
    );
    expect(
      await t.k.selectFrom('portals').select('id').where('slug', '=', 'mail-b').executeTakeFirst(),
    ).toBeUndefined();

    expect((await api('POST', '', { slug: 'mail-b' })).status).toBe(201);
    const patched = await t.request('PATCH', '/api/v1/admin/portals/mail-b', {
      token: t.admin,
      body: { email: { supportAddresses: ['help@acme.example'] } },
      headers: { 'accept-language': 'fr' },
    });
    expect([patched.status, patched.json.error.field, patched.json.error.message]).toEqual([
      409,
      'email.supportAddresses.0',
      'email.supportAddresses.0 : un autre portail a cette adresse de support.',
    ]);
    const twice = await api('PATCH', '/mail-b', { email: { supportAddresses: ['b@acme.example', 'B@acme.example'] } });
    expect([twice.status, twice.json.error.field]).toEqual([400, 'email.supportAddresses.1']);

    // A portal may keep its own addresses through a PATCH; once mail-a lets one go, mail-b may take it.
    expect(
      (await api('PATCH', '/mail-a', { email: { supportAddresses: ['help@acme.example', 'sales@acme.example'] } }))
        .status,
    ).toBe(200);
    expect((await api('PATCH', '/mail-a', { email: { supportAddresses: ['sales@acme.example'] } })).status).toBe(200);
    const taken = await api('PATCH', '/mail-b', { email: { supportAddresses: ['help@acme.example'] } });
    expect([taken.status, taken.json.config.email.supportAddresses]).toEqual([200, ['help@acme.example']]);
  });

  it('deletes a portal, ends its sessions, and lets the slug be created again', async () => {
    const acme = await api('GET', '/acme');
    const customer = await t.world.user();
    const widget = await t.signIn(customer, acme.json.id);
    expect((await t.request('GET', '/api/v1/portals/acme/tickets', { token: widget })).status).toBe(200);

    const del = await api('DELETE', '/acme');
    expect(del.status).toBe(204);
    expect((await api('GET', '/acme')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/portals/acme')).status).toBe(404);
    expect((await api('DELETE', '/acme')).status).toBe(404);

    const again = await api('POST', '', { slug: 'acme', config: { name: 'Acme again' } });
    expect(again.status).toBe(201);
    expect(again.json.id).not.toBe(acme.json.id);
    expect(again.json.config.name).toBe('Acme again');
    // The old portal's session does not open the new one.
    const old = await t.request('GET', '/api/v1/portals/acme/tickets', { token: widget });
    expect(old.status).toBe(401);
  });
});
