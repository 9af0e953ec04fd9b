import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { FRENCH_MESSAGES } from './error-messages.js';
import { requestLocale } from './locale.js';

const SOURCE = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the message catalog', () => {
  it('translates every message, with the same parameters, into something else than the English', () => {
    for (const [english, french] of Object.entries(FRENCH_MESSAGES)) {
      expect(french.length, english).toBeGreaterThan(0);
      expect(french, english).not.toBe(english);
      const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(params(french), english).toEqual(params(english));
    }
  });

  it('has every message a schema gives zod (`.min(1, "…")`, `.regex(…, "…")`, `.refine(…, "…")`)', () => {
    const found: string[] = [];
    for (const file of sourceFiles(SOURCE)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(
        /\.(?:min|max|length|regex|refine|email|url)\((?:[^()']|\([^()]*\))*?,\s*'([^']+)'\)/g,
      )) {
        found.push(match[1]!);
      }
    }
    // The scan finds them (the schemas have a few dozen); each one has its French.
    expect(found.length).toBeGreaterThan(15);
    const missing = [...new Set(found)].filter((message) => !Object.hasOwn(FRENCH_MESSAGES, message));
    expect(missing).toEqual([]);
  });
});

describe('requestLocale (C5: first of en/fr by preference, default en)', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['FR-fr,en;q=0.5', 'fr'],
    ['en-GB,fr;q=0.9', 'en'],
    ['de-DE,de;q=0.9,fr;q=0.8,en;q=0.7', 'fr'],
    ['en;q=0.4,fr;q=0.8', 'fr'],
    ['fr;q=0,en', 'en'],
    ['de, es', 'en'],
    ['*', 'en'],
  ] as const)('%s → %s', (header, locale) => {
    expect(requestLocale(header)).toBe(locale);
  });
});

describe('errors and labels in the language of Accept-Language (C5)', () => {
  let t: TestContext;
  let token: string;
  let ticketId: string;
  let typeId: string;
  const FR = { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.8' };

  beforeAll(async () => {
    t = await createTestContext();
    typeId = await t.world.ticketType('incident', 'Incident');
    await t.k
      .insertInto('custom_fields')
      .values({
        id: 'cf-env',
        key: 'environment',
        label: 'Environment (as the admin wrote it)',
        type: 'text',
        options: null,
        type_ids: null,
        required: 0,
        position: 0,
        created_at: t.clock.now().toISOString(),
      })
      .execute();
    const portal = await t.world.portal('acme', [typeId], {
      detailProperties: [
        { property: 'status', editable: false },
        { property: 'priority', editable: true },
        { property: 'due_date', editable: true },
        { property: 'custom:environment', editable: false },
      ],
    });
    const alice = await t.world.user({ email: 'alice@example.test' });
    token = await t.signIn(alice, portal.id);
    ticketId = (await t.world.ticket({ typeId, requesterId: alice })).id;
  });
  afterAll(() => t.close());

  const call = (method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) =>
    t.request(method, path, { token, ...options });

  it('a schema message: English by default, French when asked, the field named in both', async () => {
    const body = { typeId, title: '   ' };
    const en = await call('POST', '/api/v1/portals/acme/tickets', { body });
    expect(en.status).toBe(400);
    expect(en.json.error).toEqual({ code: 'invalid', message: 'title: must not be empty', field: 'title' });
    const fr = await call('POST', '/api/v1/portals/acme/tickets', { body, headers: FR });
    expect(fr.status).toBe(400);
    expect(fr.json.error).toEqual({ code: 'invalid', message: 'title : ne doit pas être vide', field: 'title' });
  });

  it("zod's own messages: a missing field, a number out of range, a value off the list", async () => {
    const missing = await call('POST', '/api/v1/portals/acme/tickets', { body: { title: 'x' }, headers: FR });
    expect(missing.json.error).toMatchObject({
      field: 'typeId',
      message: 'typeId : Entrée invalide : texte attendu, rien reçu',
    });
    const limit = await call('GET', '/api/v1/portals/acme/tickets?limit=1000', { headers: FR });
    expect(limit.json.error).toMatchObject({ field: 'limit', message: 'limit : Trop grand : au plus 100 attendu' });
    const sort = await call('GET', '/api/v1/portals/acme/tickets?sort=title', { headers: FR });
    expect(sort.json.error.field).toBe('sort');
    expect(sort.json.error.message).toMatch(
      /^sort : Option invalide : une valeur parmi "created"\|"updated"\|"priority"\|"status" attendue$/,
    );
    const unknown = await call('GET', '/api/v1/portals/acme/tickets?bogus=1', { headers: FR });
    expect(unknown.json.error).toEqual({ code: 'unknown_field', message: 'bogus : champ inconnu.', field: 'bogus' });
    const date = await call('PATCH', `/api/v1/portals/acme/tickets/${ticketId}`, {
      body: { due_date: 'tomorrow' },
      headers: FR,
    });
    expect(date.json.error).toMatchObject({
      field: 'due_date',
      message: 'due_date : Date invalide : AAAA-MM-JJ attendu',
    });
  });

  it('our own messages: not found, forbidden, conflicts, routes, JSON and content type', async () => {
    const missing = await call('GET', '/api/v1/portals/acme/tickets/nope', { headers: FR });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toEqual({ code: 'not_found', message: 'Ce ticket n’existe pas.' });
    const readOnly = await call('PATCH', `/api/v1/portals/acme/tickets/${ticketId}`, {
      body: { status: 'closed' },
      headers: FR,
    });
    expect(readOnly.status).toBe(403);
    expect(readOnly.json.error).toEqual({
      code: 'forbidden',
      message: 'status : est en lecture seule dans ce portail.',
      field: 'status',
    });
    const route = await call('GET', '/api/v1/nowhere', { headers: FR });
    expect(route.json.error.message).toBe('Cette route n’existe pas.');
    const json = await call('POST', '/api/v1/portals/acme/tickets', { body: '{"title":', headers: FR });
    expect(json.json.error).toEqual({
      code: 'invalid_json',
      message: 'Le corps de la requête n’est pas du JSON valide.',
      field: 'body',
    });
    const type = await call('POST', '/api/v1/portals/acme/tickets', {
      body: 'x',
      headers: { ...FR, 'content-type': 'text/plain', 'content-length': '1' },
    });
    expect(type.status).toBe(415);
    expect(type.json.error.message).toBe('Envoyez le corps de la requête en application/json.');
    const anonymous = await t.request('GET', '/api/v1/portals/acme/tickets', { headers: FR });
    expect(anonymous.json.error.message).toBe('Connectez-vous pour continuer.');
    // The English stays exactly as it was.
    expect((await call('GET', '/api/v1/portals/acme/tickets/nope')).json.error.message).toBe('No such ticket.');
  });

  it("labels standard detail properties in the request's language; custom fields keep the admin's label", async () => {
    const en = await call('GET', `/api/v1/portals/acme/tickets/${ticketId}`);
    expect(en.json.properties.map((p: { label: string }) => p.label)).toEqual([
      'Status',
      'Priority',
      'Due date',
      'Environment (as the admin wrote it)',
    ]);
    const fr = await call('GET', `/api/v1/portals/acme/tickets/${ticketId}`, { headers: FR });
    expect(fr.json.properties.map((p: { label: string }) => p.label)).toEqual([
      'Statut',
      'Priorité',
      'Échéance',
      'Environment (as the admin wrote it)',
    ]);
  });
});
