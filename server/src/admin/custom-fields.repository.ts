import type { Executor } from '../db/executor.js';
import type { CustomField } from '../db/schema.js';
import { customValues } from '../tickets/tickets.repository.js';
import type { CursorKey } from '../http/cursor.js';
import { contains, listByPosition } from './pagination.js';

/** One page of custom fields by position after `from`; one row more than `limit`. */
export function listFieldsPage(
  db: Executor,
  options: { from: CursorKey | null; limit: number },
): Promise<CustomField[]> {
  return listByPosition(db, 'custom_fields', options);
}

export async function findField(db: Executor, id: string): Promise<CustomField | undefined> {
  return db.selectFrom('custom_fields').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function fieldKeyTaken(db: Executor, key: string): Promise<boolean> {
  return (await db.selectFrom('custom_fields').select('id').where('key', '=', key).executeTakeFirst()) !== undefined;
}

/** Which of `ids` name existing ticket types. */
export async function existingTypeIds(db: Executor, ids: string[]): Promise<Set<string>> {
  return new Set((await db.selectFrom('ticket_types').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
}

export async function insertField(db: Executor, row: CustomField): Promise<void> {
  await db.insertInto('custom_fields').values(row).execute();
}

export async function updateField(
  db: Executor,
  id: string,
  changes: Pick<CustomField, 'label' | 'type' | 'options' | 'type_ids' | 'required' | 'position'>,
): Promise<void> {
  await db.updateTable('custom_fields').set(changes).where('id', '=', id).execute();
}

/** The tickets holding a value of field `key`, with that value. */
export async function ticketsWithFieldValue(db: Executor, key: string): Promise<{ id: string; value: unknown }[]> {
  const tickets = await db
    .selectFrom('tickets')
    .select(['id', 'custom'])
    .where(contains('custom', JSON.stringify(key)))
    .execute();
  return tickets.flatMap((ticket) => {
    const values = customValues(ticket);
    return key in values && values[key] !== null ? [{ id: ticket.id, value: values[key] }] : [];
  });
}

/** Removes a field's stored values from every ticket, so a later field with the same key does not inherit them. */
export async function dropFieldValues(trx: Executor, key: string): Promise<void> {
  const tickets = await trx
    .selectFrom('tickets')
    .select(['id', 'custom'])
    .where(contains('custom', JSON.stringify(key)))
    .execute();
  for (const ticket of tickets) {
    const values = customValues(ticket);
    if (!(key in values)) continue;
    delete values[key];
    await trx
      .updateTable('tickets')
      .set({ custom: JSON.stringify(values) })
      .where('id', '=', ticket.id)
      .execute();
  }
}

export async function deleteField(trx: Executor, id: string): Promise<void> {
  await trx.deleteFrom('custom_fields').where('id', '=', id).execute();
}
