import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../testing/test-db.js';
import { reusableQuery } from './reusable-query.js';
import type { Database } from './schema.js';

let db: Awaited<ReturnType<typeof openTestDb>>;

beforeAll(async () => {
  db = await openTestDb();
  const at = '2026-01-01T00:00:00.000Z';
  await db.kysely
    .insertInto('organizations')
    .values([
      { id: 'o1', name: 'Acme', domain: 'acme.example', created_at: at },
      { id: 'o2', name: 'Beta', domain: null, created_at: at },
      { id: 'o3', name: 'Gamma', domain: 'gamma.example', created_at: at },
    ])
    .execute();
});

afterAll(async () => {
  await db.dispose();
});

interface Shape {
  withDomain: boolean;
}

const organizations = reusableQuery(
  (k: Kysely<Database>, shape: Shape, args: { ids: readonly string[]; name: string }) =>
    k
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where((eb) => eb.or([eb('id', 'in', args.ids), eb('name', '=', args.name)]))
      .$if(shape.withDomain, (qb) => qb.where('domain', 'is not', null))
      .orderBy('id'),
);

describe('reusableQuery', () => {
  it('binds each call its own values into a plan compiled once per shape', async () => {
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(ids(await organizations(db.kysely, { withDomain: false }, { ids: ['o1'], name: 'Gamma' }))).toEqual([
      'o1',
      'o3',
    ]);
    // Same shape and list length, other values: the cached plan must not keep the first call's.
    expect(ids(await organizations(db.kysely, { withDomain: false }, { ids: ['o2'], name: 'Acme' }))).toEqual([
      'o1',
      'o2',
    ]);
    // Another list length is another plan.
    expect(ids(await organizations(db.kysely, { withDomain: false }, { ids: ['o2', 'o3'], name: '' }))).toEqual([
      'o2',
      'o3',
    ]);
    expect(ids(await organizations(db.kysely, { withDomain: false }, { ids: ['o3'], name: 'Beta' }))).toEqual([
      'o2',
      'o3',
    ]);
    // Another shape is another plan.
    expect(ids(await organizations(db.kysely, { withDomain: true }, { ids: ['o1', 'o2', 'o3'], name: '' }))).toEqual([
      'o1',
      'o3',
    ]);
    expect(ids(await organizations(db.kysely, { withDomain: false }, { ids: ['o1', 'o2', 'o3'], name: '' }))).toEqual([
      'o1',
      'o2',
      'o3',
    ]);
  });

  it('compiles a shape once for the database and all its transactions', async () => {
    let builds = 0;
    const named = reusableQuery((k: Kysely<Database>, _shape: null, args: { name: string }) => {
      builds += 1;
      return k.selectFrom('organizations').select('id').where('name', '=', args.name);
    });
    expect(await named(db.kysely, null, { name: 'Acme' })).toEqual([{ id: 'o1' }]);
    for (const name of ['Beta', 'Gamma']) {
      const rows = await db.kysely.transaction().execute((trx) => named(trx, null, { name }));
      expect(rows).toHaveLength(1);
    }
    expect(builds).toBe(1);
  });

  it('binds null and lists of mixed values', async () => {
    const insert = reusableQuery(
      (
        k: Kysely<Database>,
        _shape: null,
        args: { ids: readonly string[]; names: readonly string[]; domain: string | null },
      ) =>
        k.insertInto('organizations').values(
          args.ids.map((id, i) => ({
            id,
            name: args.names[i]!,
            domain: args.domain,
            created_at: '2026-01-02T00:00:00.000Z',
          })),
        ),
    );
    await insert(db.kysely, null, { ids: ['n1', 'n2'], names: ['N one', 'N two'], domain: null });
    await insert(db.kysely, null, { ids: ['n3', 'n4'], names: ['N three', 'N four'], domain: 'n.example' });
    const rows = await db.kysely
      .selectFrom('organizations')
      .select(['id', 'name', 'domain'])
      .where('id', 'in', ['n1', 'n2', 'n3', 'n4'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'n1', name: 'N one', domain: null },
      { id: 'n2', name: 'N two', domain: null },
      { id: 'n3', name: 'N three', domain: 'n.example' },
      { id: 'n4', name: 'N four', domain: 'n.example' },
    ]);
  });

  it('refuses a build that writes an arg into the SQL text', async () => {
    const leaky = reusableQuery((k: Kysely<Database>, _shape: null, args: { column: string }) =>
      k.selectFrom('organizations').select(sql.ref(args.column).as('x')),
    );
    await expect(leaky(db.kysely, null, { column: 'name' })).rejects.toThrow(/SQL text/);
  });
});
