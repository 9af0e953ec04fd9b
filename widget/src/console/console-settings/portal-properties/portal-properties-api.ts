// The detail panel tab's own call: the custom fields, to name them.
import type { z } from 'zod';
import type { CustomFieldSchema } from '../../../../../server/src/tickets/catalog.schemas.js';
import type { ApiClient } from '../../../api/client.js';
import { allPages } from '../settings-portals/settings-portals-api.js';

export type CustomField = z.infer<typeof CustomFieldSchema>;

/** Every custom field, in the catalog's order. */
export async function customFields(client: ApiClient): Promise<CustomField[]> {
  return (await allPages<CustomField>(client, '/admin/custom-fields')).sort((a, b) => a.position - b.position);
}
