import type { Executor } from '../db/executor.js';
import type { Ticket, TicketKind, TicketUpdate } from '../db/schema.js';
import { badRequest, forbidden, invalidValue, notFound } from '../http/errors.js';
import type { PortalConfig } from '../portals/portal-config.js';
import { fieldsForType, listCustomFields } from './catalog.repository.js';
import { parseCustomValue } from './custom-values.js';
import {
  CLOSED_STATUSES,
  EDITABLE_STANDARD,
  STANDARD_PROPERTIES,
  type StandardProperty,
  type Status,
} from './ticket-fields.js';
import { addFollowers, customValues, flag, recordEvent, setStatus } from './tickets.repository.js';

/** A change to a ticket; only what is set changes. Custom values are raw: `updateTicket` checks them. */
export interface TicketPatch {
  title?: string | undefined;
  description?: string | undefined;
  status?: string | undefined;
  priority?: string | undefined;
  kind?: TicketKind | undefined;
  typeId?: string | undefined;
  projectId?: string | null | undefined;
  /** An agent or admin, or null to unassign. */
  assigneeId?: string | null | undefined;
  /** The ticket moves to the new requester's organization. */
  requesterId?: string | undefined;
  private?: boolean | undefined;
  percentComplete?: number | null | undefined;
  dueDate?: string | null | undefined;
  /** Custom values by field key; null clears one. Others stay. */
  custom?: Record<string, unknown> | undefined;
}

/**
 * What a route allows: the only difference between the customer's PATCH (and
 * close, reopen) and the console's. Fields are named in errors as the route's
 * client names them.
 */
export interface UpdatePolicy {
  /** The client's name for a property of the patch, or for custom field `key`. */
  fieldName(property: keyof TicketPatch, key?: string): string;
  /** Priorities that may be set, or null for any. */
  priorities: readonly string[] | null;
  /** Whether the ticket may move from status `from` to `to`. */
  mayMoveStatus(from: string, to: string): boolean;
}

/** Staff (the console): any property, any status, any priority. */
export const staffPolicy: UpdatePolicy = {
  fieldName: (property, key) => (property === 'custom' ? `custom.${key}` : property),
  priorities: null,
  mayMoveStatus: () => true,
};

const PORTAL_NAMES: Partial<Record<keyof TicketPatch, string>> = {
  percentComplete: 'percent_complete',
  dueDate: 'due_date',
};

/**
 * A customer through a portal: the properties `portalPatch` took from the
 * portal's editable ones, the portal's priorities, and only closing and
 * reopening (a closed status back to open).
 */
export function portalPolicy(config: Pick<PortalConfig, 'priorities'>): UpdatePolicy {
  return {
    fieldName: (property, key) => (property === 'custom' ? `custom:${key}` : (PORTAL_NAMES[property] ?? property)),
    priorities: config.priorities,
    mayMoveStatus: (from, to) => {
      const closed = (s: string) => CLOSED_STATUSES.includes(s as Status);
      return to === 'closed' ? !closed(from) : to === 'open' && closed(from);
    },
  };
}

/** Columns that decide who sees a ticket: never customer-editable, whatever the portal says. */
const ACCESS_FIELDS = new Set([
  'requester',
  'requester_id',
  'organization',
  'organization_id',
  'private',
  'assignee',
  'assignee_id',
  'kind',
  'id',
  'number',
]);

/**
 * A customer's PATCH body (property names as the portal's detail panel shows
 * them: `priority`, `due_date`, `custom:<key>`) as a patch: only the
 * properties the portal marks editable, never the ones that decide access
 * (403 naming the property); unknown names are a 400.
 */
export function portalPatch(
  body: Record<string, unknown>,
  config: Pick<PortalConfig, 'detailProperties'>,
  customKeys: readonly string[],
): TicketPatch {
  const entries = Object.entries(body);
  if (entries.length === 0) throw badRequest('body', 'nothing to change.');
  const patch: TicketPatch = {};
  const custom: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    if (ACCESS_FIELDS.has(name)) throw forbidden('cannot be changed from the portal.', name, { named: true });
    const isCustom = name.startsWith('custom:');
    const known = isCustom
      ? customKeys.includes(name.slice('custom:'.length))
      : (STANDARD_PROPERTIES as readonly string[]).includes(name);
    if (!known) throw badRequest(name, 'no such property.', 'unknown_field');
    const shown = config.detailProperties.find((p) => p.property === name);
    if (!shown?.editable) throw forbidden('is read-only in this portal.', name, { named: true });
    if (isCustom) {
      custom[name.slice('custom:'.length)] = value;
      continue;
    }
    const schema = EDITABLE_STANDARD[name as StandardProperty];
    if (!schema) throw forbidden('is read-only in this portal.', name, { named: true });
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw invalidValue(name, parsed.error.issues[0]);
    if (name === 'priority') patch.priority = parsed.data as string;
    if (name === 'percent_complete') patch.percentComplete = parsed.data as number | null;
    if (name === 'due_date') patch.dueDate = parsed.data as string | null;
  }
  if (Object.keys(custom).length > 0) patch.custom = custom;
  return patch;
}

/**
 * THE ticket update: checks `patch` under `policy`, writes what differs from
 * the stored ticket, and records it: a status move as `status_changed` (which
 * emails the other side and every follower), the other properties as one
 * `updated` event naming them. Nothing differs, nothing is written. Call
 * inside a transaction; 404 when there is no such ticket.
 */
export async function updateTicket(
  trx: Executor,
  id: string,
  patch: TicketPatch,
  policy: UpdatePolicy,
  actorId: string,
  now: string,
): Promise<void> {
  const ticket = await trx.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!ticket) throw notFound();
  const set: TicketUpdate = {};
  const changed: string[] = [];
  /** Records `value` for `column` when it differs from the stored one; `property` names it in the event. */
  const change = <K extends keyof Ticket>(property: string, column: K, value: Ticket[K] | undefined) => {
    if (value === undefined || value === ticket[column]) return;
    Object.assign(set, { [column]: value });
    changed.push(property);
  };

  if (patch.priority !== undefined && policy.priorities && !policy.priorities.includes(patch.priority)) {
    throw badRequest(policy.fieldName('priority'), 'is not offered in this portal.');
  }
  change('title', 'title', patch.title);
  change('description', 'description', patch.description);
  change('priority', 'priority', patch.priority);
  change('kind', 'kind', patch.kind);
  if (patch.private !== undefined && flag(patch.private) !== Number(ticket.private))
    change('private', 'private', flag(patch.private));
  if (
    patch.percentComplete !== undefined &&
    patch.percentComplete !== (ticket.percent_complete === null ? null : Number(ticket.percent_complete))
  ) {
    change('percent_complete', 'percent_complete', patch.percentComplete);
  }
  change('due_date', 'due_date', patch.dueDate);
  if (patch.typeId !== undefined && patch.typeId !== ticket.type_id) {
    await assertExists(trx, 'ticket_types', patch.typeId, policy.fieldName('typeId'), 'ticket type');
    change('type', 'type_id', patch.typeId);
  }
  if (patch.projectId !== undefined && patch.projectId !== ticket.project_id) {
    if (patch.projectId !== null)
      await assertExists(trx, 'projects', patch.projectId, policy.fieldName('projectId'), 'project');
    change('project', 'project_id', patch.projectId);
  }
  if (patch.assigneeId !== undefined && patch.assigneeId !== ticket.assignee_id) {
    if (patch.assigneeId !== null) await assertStaff(trx, patch.assigneeId, policy.fieldName('assigneeId'));
    change('assignee', 'assignee_id', patch.assigneeId);
  }
  if (patch.requesterId !== undefined && patch.requesterId !== ticket.requester_id) {
    const organizationId = await requesterOrganization(trx, patch.requesterId, policy.fieldName('requesterId'));
    change('requester', 'requester_id', patch.requesterId);
    // Grant (b) of the visibility rule follows the requester's organization.
    change('organization', 'organization_id', organizationId);
    await addFollowers(trx, ticket.id, [patch.requesterId], now);
  }

  const typeId = patch.typeId ?? ticket.type_id;
  const applicable = fieldsForType(await listCustomFields(trx), typeId);
  const stored = customValues(ticket);
  const values = { ...stored };
  for (const [key, value] of Object.entries(patch.custom ?? {})) {
    const field = applicable.find((f) => f.key === key);
    const name = policy.fieldName('custom', key);
    if (!field) throw badRequest(name, 'no such field for this type.', 'unknown_field');
    const parsed = parseCustomValue(field, value, name);
    if (JSON.stringify(parsed) !== JSON.stringify(stored[key] ?? null)) changed.push(`custom:${key}`);
    values[key] = parsed;
  }
  if (typeId !== ticket.type_id) {
    // A new type may bring required fields the ticket has no value for yet.
    for (const field of applicable) {
      if (field.required && (values[field.key] === undefined || values[field.key] === null)) {
        throw badRequest(policy.fieldName('custom', field.key), 'is required.', 'required');
      }
    }
  }
  if (changed.some((p) => p.startsWith('custom:'))) set.custom = JSON.stringify(values);

  if (patch.status !== undefined && patch.status !== ticket.status) {
    if (!policy.mayMoveStatus(ticket.status, patch.status))
      throw forbidden('cannot be changed from the portal.', policy.fieldName('status'), { named: true });
    await setStatus(trx, ticket, patch.status, CLOSED_STATUSES.includes(patch.status as Status), actorId, now);
  }
  if (changed.length > 0) {
    await trx
      .updateTable('tickets')
      .set({ ...set, updated_at: now })
      .where('id', '=', ticket.id)
      .execute();
    await recordEvent(trx, { ticketId: ticket.id, actorId, type: 'updated', data: { properties: changed }, now });
  }
}

/** A 400 naming `field` unless the ticket type or project `id` exists. */
export async function assertExists(
  db: Executor,
  table: 'ticket_types' | 'projects',
  id: string,
  field: string,
  what: 'ticket type' | 'project',
) {
  const row = await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw badRequest(field, `no such ${what}.`);
}

/** The requester's organization, which the ticket takes; 400 when there is no such user. */
export async function requesterOrganization(db: Executor, userId: string, field: string): Promise<string | null> {
  const user = await db.selectFrom('users').select('organization_id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw badRequest(field, 'no such user.');
  return user.organization_id;
}

/** Tickets are assigned to agents and admins only. */
export async function assertStaff(db: Executor, userId: string, field: string): Promise<void> {
  const user = await db
    .selectFrom('users')
    .select(['role', 'deactivated_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw badRequest(field, 'no such user.');
  if (user.role === 'customer') throw badRequest(field, 'must be an agent or admin.');
  // A deactivated person's tickets went back to the queue; none is handed to them again.
  if (user.deactivated_at !== null) throw badRequest(field, 'this person is deactivated.');
}
