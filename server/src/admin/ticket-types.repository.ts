import type { Executor } from '../db/executor.js';
import type { TicketType } from '../db/schema.js';
import type { CursorKey } from '../http/cursor.js';
import { listByPosition } from './pagination.js';

/** One page of ticket types by position after `from`; one row more than `limit`. */
export function listTypesPage(db: Executor, options: { from: CursorKey | null; limit: number }): Promise<TicketType[]> {
  return listByPosition(db, 'ticket_types', options);
}

export async function findType(db: Executor, id: string): Promise<TicketType | undefined> {
  return db.selectFrom('ticket_types').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether another type than `exceptId` has `key`. */
export async function typeKeyTaken(db: Executor, key: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('ticket_types').select('id').where('key', '=', key);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertType(db: Executor, row: TicketType): Promise<void> {
  await db.insertInto('ticket_types').values(row).execute();
}

export async function updateType(
  db: Executor,
  id: string,
  changes: { key?: string; name?: string; position?: number },
): Promise<void> {
  await db.updateTable('ticket_types').set(changes).where('id', '=', id).execute();
}

export async function typeInUse(db: Executor, id: string): Promise<boolean> {
  return (
    (await db.selectFrom('tickets').select('id').where('type_id', '=', id).limit(1).executeTakeFirst()) !== undefined
  );
}

/** Custom fields stop naming the type (a field of no type left applies to none). */
export async function dropTypeFromFields(trx: Executor, typeId: string): Promise<void> {
  const fields = await trx
    .selectFrom('custom_fields')
    .select(['id', 'type_ids'])
    .where('type_ids', 'is not', null)
    .execute();
  for (const field of fields) {
    const typeIds = JSON.parse(field.type_ids ?? '[]') as string[];
    if (typeIds.includes(typeId)) {
      await trx
        .updateTable('custom_fields')
        .set({ type_ids: JSON.stringify(typeIds.filter((t) => t !== typeId)) })
        .where('id', '=', field.id)
        .execute();
    }
  }
}

export async function deleteType(trx: Executor, id: string): Promise<void> {
  await trx.deleteFrom('ticket_types').where('id', '=', id).execute();
}

/** One past the highest position, so a new entry goes last. */
export async function nextPosition(db: Executor, table: 'ticket_types' | 'custom_fields'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('position').as('max'))
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}
