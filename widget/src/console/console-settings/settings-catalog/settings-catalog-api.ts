// The catalog page's requests (ticket types, custom fields, and the portals
// that show each type), typed from the server's zod schemas (type-only imports).
import type { z } from 'zod';
import type { CustomFieldSchema, TicketTypeSchema } from '../../../../../server/src/tickets/catalog.schemas.js';
import type { CUSTOM_FIELD_TYPES } from '../../../../../server/src/tickets/ticket-fields.js';
import type { ApiClient } from '../../../api/client.js';
import type { Page } from '../../../api/types.js';
import type { AdminPortal } from '../settings-api.js';

export type TicketType = z.infer<typeof TicketTypeSchema>;
export type CustomField = z.infer<typeof CustomFieldSchema>;
export type FieldKind = (typeof CUSTOM_FIELD_TYPES)[number];
export type TypeBody = Pick<TicketType, 'key' | 'name'>;
export type FieldBody = Pick<CustomField, 'label' | 'type' | 'options' | 'typeIds' | 'required'> & { key?: string };

const at = (base: string, id = '') => `/admin/${base}${id && `/${encodeURIComponent(id)}`}`;

export const catalogApi = (client: ApiClient) => ({
  types: (): Promise<Page<TicketType>> => client.send('GET', at('ticket-types')),
  createType: (body: TypeBody): Promise<TicketType> => client.send('POST', at('ticket-types'), body),
  updateType: (id: string, body: Partial<TypeBody & { position: number }>): Promise<TicketType> =>
    client.send('PATCH', at('ticket-types', id), body),
  deleteType: (id: string): Promise<void> => client.send('DELETE', at('ticket-types', id)),
  fields: (): Promise<Page<CustomField>> => client.send('GET', at('custom-fields')),
  createField: (body: FieldBody): Promise<CustomField> => client.send('POST', at('custom-fields'), body),
  updateField: (id: string, body: Partial<FieldBody & { position: number }>): Promise<CustomField> =>
    client.send('PATCH', at('custom-fields', id), body),
  /** Without `confirm`, the server refuses (409) a field that holds values on tickets. */
  deleteField: (id: string, confirm: boolean): Promise<void> =>
    client.send('DELETE', `${at('custom-fields', id)}${confirm ? '?confirm=true' : ''}`),
  portals: (): Promise<Page<AdminPortal>> => client.send('GET', at('portals')),
  /** Which types a portal shows (the whole list replaces the old one). */
  setPortalTypes: (slug: string, visibleTypeIds: string[]): Promise<AdminPortal> =>
    client.send('PATCH', at('portals', slug), { visibleTypeIds }),
});

export type CatalogApi = ReturnType<typeof catalogApi>;

/** A key suggested from a name: lower case ASCII, other characters as `sep`, at most 40. */
export function suggestKey(name: string, sep: '-' | '_'): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, sep)
    .replace(new RegExp(`^\\${sep}+|\\${sep}+$`, 'g'), '')
    .slice(0, 40);
}

/** New positions after moving `list[index]` by one: each item's index, for the items whose position changes. */
export function moved<T extends { id: string; position: number }>(list: T[], index: number, by: -1 | 1): T[] {
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(index + by, 0, item!);
  return next.map((t, i) => ({ ...t, position: i }));
}
