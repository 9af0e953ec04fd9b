import { toAttachmentDto } from '../uploads/attachment-dto.js';
import type { Executor } from '../db/executor.js';
import type { Viewer } from '../app-env.js';
import type { Ticket } from '../db/schema.js';
import type { Locale } from '../i18n/locale.js';
import type { Portal } from '../portals/portals.repository.js';
import { canManage } from '../visibility/manage.js';
import { listCustomFields } from './catalog.repository.js';
import type { CustomFieldDto } from './catalog.schemas.js';
import { findRating } from './ratings.repository.js';
import { customValues } from './tickets.repository.js';
import type { Property, TicketDetail } from './tickets.schemas.js';
import { EDITABLE_STANDARD, type Priority, type StandardProperty, type Status } from './ticket-fields.js';

/** How each standard property is labelled (in each language) and shown. Custom fields keep the admin's label. */
const STANDARD_LABELS: Record<StandardProperty, { label: Record<Locale, string>; type: string }> = {
  status: { label: { en: 'Status', fr: 'Statut' }, type: 'status' },
  priority: { label: { en: 'Priority', fr: 'Priorité' }, type: 'priority' },
  type: { label: { en: 'Type', fr: 'Type' }, type: 'text' },
  project: { label: { en: 'Project', fr: 'Projet' }, type: 'text' },
  assignee: { label: { en: 'Assignee', fr: 'Assigné à' }, type: 'text' },
  requester: { label: { en: 'Requester', fr: 'Demandeur' }, type: 'text' },
  created_at: { label: { en: 'Created', fr: 'Créé le' }, type: 'datetime' },
  updated_at: { label: { en: 'Updated', fr: 'Mis à jour le' }, type: 'datetime' },
  percent_complete: { label: { en: '% complete', fr: '% d’avancement' }, type: 'percent' },
  due_date: { label: { en: 'Due date', fr: 'Échéance' }, type: 'date' },
};

/**
 * What a customer sees of one ticket they may see: the fixed header fields and
 * exactly the portal's detail properties, in the admin's order, each marked
 * editable or not, standard ones labelled in `locale`. Nothing else of the
 * row leaves the server.
 */
export async function ticketDetail(
  db: Executor,
  viewer: Viewer,
  portal: Portal,
  ticket: Ticket,
  locale: Locale = 'en',
  /**
   * What the caller already knows: the custom fields it read, and `created`
   * when the ticket was inserted in this transaction (so it has no files and
   * no rating yet). Saves a create three statements.
   */
  known: { fields?: CustomFieldDto[]; created?: boolean } = {},
): Promise<TicketDetail> {
  const [type, people, project, fields, manage, files, rating] = await Promise.all([
    db
      .selectFrom('ticket_types')
      .select(['id', 'key', 'name'])
      .where('id', '=', ticket.type_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', 'in', [ticket.requester_id, ticket.assignee_id ?? ticket.requester_id])
      .execute(),
    ticket.project_id
      ? db.selectFrom('projects').select('name').where('id', '=', ticket.project_id).executeTakeFirst()
      : Promise.resolve(undefined),
    known.fields ?? listCustomFields(db),
    canManage(db, viewer, ticket),
    known.created
      ? []
      : db
          .selectFrom('attachments')
          .select(['id', 'filename', 'content_type', 'size', 'created_at'])
          .where('ticket_id', '=', ticket.id)
          .where('message_id', 'is', null)
          .orderBy('created_at')
          .execute(),
    known.created ? null : findRating(db, ticket.id),
  ]);
  const person = (id: string | null) => {
    const p = id ? people.find((u) => u.id === id) : undefined;
    return p ? { id: p.id, name: p.name } : null;
  };
  const requester = person(ticket.requester_id) ?? { id: ticket.requester_id, name: '' };
  const assignee = person(ticket.assignee_id);
  const custom = customValues(ticket);

  const standardValue: Record<StandardProperty, unknown> = {
    status: ticket.status,
    priority: ticket.priority,
    type: type.name,
    project: project?.name ?? null,
    assignee: assignee?.name ?? null,
    requester: requester.name,
    created_at: ticket.created_at,
    updated_at: ticket.updated_at,
    percent_complete: ticket.percent_complete === null ? null : Number(ticket.percent_complete),
    due_date: ticket.due_date,
  };

  const properties: Property[] = [];
  for (const { property, editable } of portal.config.detailProperties) {
    if (property.startsWith('custom:')) {
      const field = fields.find((f) => f.key === property.slice('custom:'.length));
      if (!field || (field.typeIds !== null && !field.typeIds.includes(ticket.type_id))) continue;
      properties.push({
        property,
        label: field.label,
        type: field.type,
        value: custom[field.key] ?? null,
        editable: editable && !viewer.readOnly,
        ...(field.options ? { options: field.options } : {}),
      });
    } else {
      const key = property as StandardProperty;
      const meta = STANDARD_LABELS[key];
      properties.push({
        property,
        label: meta.label[locale],
        type: meta.type,
        value: standardValue[key],
        editable: editable && key in EDITABLE_STANDARD && !viewer.readOnly,
        ...(key === 'priority' ? { options: [...portal.config.priorities] } : {}),
      });
    }
  }

  return {
    id: ticket.id,
    number: Number(ticket.number),
    title: ticket.title,
    description: ticket.description,
    status: ticket.status as Status,
    priority: ticket.priority as Priority,
    type,
    private: Number(ticket.private) === 1,
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
    closedAt: ticket.closed_at,
    requester,
    assignee,
    canManage: manage && !viewer.readOnly,
    properties,
    attachments: files.map(toAttachmentDto),
    rating,
  };
}
