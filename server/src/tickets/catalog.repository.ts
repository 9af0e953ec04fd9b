import type { Executor } from '../db/executor.js';
import type { Kysely } from 'kysely';
import { newId } from '../db/ids.js';
import type { CustomField, Database, TicketType } from '../db/schema.js';
import type { CustomFieldDto, TicketTypeDto } from './catalog.schemas.js';
import type { CustomFieldType } from './ticket-fields.js';

export function toTicketTypeDto(row: TicketType): TicketTypeDto {
  return { id: row.id, key: row.key, name: row.name, position: Number(row.position) };
}

export function toCustomFieldDto(row: CustomField): CustomFieldDto {
  return {
    id: row.id,
    key: row.key,
    label: row.label,
    type: row.type as CustomFieldType,
    options: row.options === null ? null : (JSON.parse(row.options) as string[]),
    typeIds: row.type_ids === null ? null : (JSON.parse(row.type_ids) as string[]),
    required: row.required === 1,
    position: Number(row.position),
  };
}

/** Every ticket type, in the admin's order. */
export async function listTicketTypes(db: Kysely<Database>): Promise<TicketTypeDto[]> {
  const rows = await db.selectFrom('ticket_types').selectAll().orderBy('position').orderBy('key').execute();
  return rows.map(toTicketTypeDto);
}

/** Every custom field, in the admin's order. */
export async function listCustomFields(db: Executor): Promise<CustomFieldDto[]> {
  const rows = await db.selectFrom('custom_fields').selectAll().orderBy('position').orderBy('key').execute();
  return rows.map(toCustomFieldDto);
}

/** The custom fields that belong to tickets of `typeId`. */
export function fieldsForType(fields: CustomFieldDto[], typeId: string): CustomFieldDto[] {
  return fields.filter((f) => f.typeIds === null || f.typeIds.includes(typeId));
}

/** The request types every deployment starts with. */
export const DEFAULT_TICKET_TYPES = [
  { key: 'incident', name: 'Incident' },
  { key: 'feature_request', name: 'Feature request' },
  { key: 'question', name: 'Question' },
] as const;

/** Creates the default request types when there are none yet (first start). */
export async function ensureDefaultTicketTypes(db: Kysely<Database>, now: string): Promise<void> {
  const any = await db.selectFrom('ticket_types').select('id').limit(1).executeTakeFirst();
  if (any) return;
  await db
    .insertInto('ticket_types')
    .values(
      DEFAULT_TICKET_TYPES.map((t, position) => ({ id: newId(), key: t.key, name: t.name, position, created_at: now })),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
