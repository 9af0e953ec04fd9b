import type { Executor } from '../db/executor.js';
import { conflict } from './admin-access.js';
import { badRequest } from '../http/errors.js';
import { PortalConfigSchema, type PortalConfig } from '../portals/portal-config.js';
import { listPortals } from '../portals/portals.repository.js';
import { EDITABLE_STANDARD, type StandardProperty } from '../tickets/ticket-fields.js';

/**
 * Checks what the schema alone cannot: the types, custom fields and host
 * site a portal config names exist, no property is listed twice, and only
 * standard properties in EDITABLE_STANDARD are marked editable. `prefix` is where the
 * config sits in the request body (`config.` on create, empty on PATCH).
 */
export async function checkPortalReferences(db: Executor, config: PortalConfig, prefix: string): Promise<void> {
  const { hostSiteId } = config.identity;
  if (
    hostSiteId !== null &&
    !(await db.selectFrom('host_sites').select('id').where('id', '=', hostSiteId).executeTakeFirst())
  ) {
    throw badRequest(`${prefix}identity.hostSiteId`, 'no such host site.');
  }
  const typeIds = config.visibleTypeIds;
  if (typeIds.length > 0) {
    const found = new Set(
      (
        await db
          .selectFrom('ticket_types')
          .select('id')
          .where('id', 'in', [...new Set(typeIds)])
          .execute()
      ).map((r) => r.id),
    );
    const seen = new Set<string>();
    for (const [i, id] of typeIds.entries()) {
      if (!found.has(id)) throw badRequest(`${prefix}visibleTypeIds.${i}`, 'no such ticket type.');
      if (seen.has(id)) throw badRequest(`${prefix}visibleTypeIds.${i}`, 'is listed twice.');
      seen.add(id);
    }
  }

  const defaultTypeId = config.email.defaultTypeId;
  if (defaultTypeId !== null && !typeIds.includes(defaultTypeId)) {
    throw badRequest(`${prefix}email.defaultTypeId`, 'must be one of the visible types.');
  }

  const customKeys = config.detailProperties
    .map((p) => p.property)
    .filter((p) => p.startsWith('custom:'))
    .map((p) => p.slice('custom:'.length));
  const fields =
    customKeys.length > 0
      ? new Set(
          (await db.selectFrom('custom_fields').select('key').where('key', 'in', customKeys).execute()).map(
            (r) => r.key,
          ),
        )
      : new Set<string>();
  const listed = new Set<string>();
  for (const [i, { property, editable }] of config.detailProperties.entries()) {
    const field = `${prefix}detailProperties.${i}`;
    if (listed.has(property)) throw badRequest(`${field}.property`, 'is listed twice.');
    listed.add(property);
    if (property.startsWith('custom:')) {
      if (!fields.has(property.slice('custom:'.length))) throw badRequest(`${field}.property`, 'no such custom field.');
    } else if (editable && !((property as StandardProperty) in EDITABLE_STANDARD)) {
      throw badRequest(`${field}.editable`, '{property} can never be edited by customers.', 'invalid', { property });
    }
  }
}

/**
 * A support address names one portal: mail to it opens a ticket there and
 * nowhere else. So an address is listed once, and by no other portal than
 * `portalId` (null for a portal being created): 409 naming the entry.
 */
export async function checkSupportAddresses(
  db: Executor,
  config: PortalConfig,
  portalId: string | null,
  prefix: string,
): Promise<void> {
  const addresses = config.email.supportAddresses;
  if (addresses.length === 0) return;
  const field = (i: number) => `${prefix}email.supportAddresses.${i}`;
  const seen = new Set<string>();
  for (const [i, address] of addresses.entries()) {
    if (seen.has(address)) throw badRequest(field(i), 'is listed twice.');
    seen.add(address);
  }
  const taken = new Set(
    (await listPortals(db)).filter((p) => p.id !== portalId).flatMap((p) => p.config.email.supportAddresses),
  );
  const clash = addresses.findIndex((address) => taken.has(address));
  if (clash >= 0) throw conflict(field(clash), 'another portal has this support address.');
}

/**
 * Rewrites every portal's config with `change` (inside the caller's
 * transaction), so deleting a type or field leaves no portal naming it.
 */
export async function rewritePortalConfigs(
  trx: Executor,
  change: (config: PortalConfig) => PortalConfig,
  now: string,
): Promise<void> {
  const rows = await trx.selectFrom('portals').select(['id', 'config']).execute();
  for (const row of rows) {
    const before = JSON.stringify(PortalConfigSchema.parse(JSON.parse(row.config)));
    const after = JSON.stringify(change(JSON.parse(before) as PortalConfig));
    if (after !== before) {
      await trx.updateTable('portals').set({ config: after, updated_at: now }).where('id', '=', row.id).execute();
    }
  }
}
