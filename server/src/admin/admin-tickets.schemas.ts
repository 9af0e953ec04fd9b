import { z } from '@hono/zod-openapi';
import { AttachmentSchema, MessageSchema, RatingSchema, SORTS } from '../tickets/tickets.schemas.js';
import { PRIORITIES, STATUSES } from '../tickets/ticket-fields.js';
import { longText, ROLES } from './admin.schemas.js';
import { INBOX_VIEWS, type InboxView } from './inbox.repository.js';

const Person = z.object({ id: z.string(), name: z.string(), email: z.string() });
const Named = z.object({ id: z.string(), name: z.string() });
const Id = z.string().min(1).max(64);

/** A row of the staff ticket list: who asked, who works on it, where it stands. */
export const AdminTicketSummarySchema = z
  .object({
    id: z.string(),
    number: z.number(),
    kind: z.enum(['ticket', 'task']),
    title: z.string(),
    status: z.enum(STATUSES),
    priority: z.enum(PRIORITIES),
    type: z.object({ id: z.string(), key: z.string(), name: z.string() }),
    project: Named.nullable(),
    requester: Person,
    organization: Named.nullable(),
    assignee: Person.nullable(),
    private: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi('AdminTicketSummary');
export type AdminTicketSummary = z.infer<typeof AdminTicketSummarySchema>;

/** A message as staff see it, internal notes included. */
export const AdminMessageSchema = MessageSchema.extend({
  /** An agents' note: never shown to customers. */
  internal: z.boolean(),
}).openapi('AdminMessage');
export type AdminMessage = z.infer<typeof AdminMessageSchema>;

/** Everything about one ticket, for staff. */
export const AdminTicketDetailSchema = AdminTicketSummarySchema.extend({
  description: z.string(),
  percentComplete: z.number().nullable(),
  dueDate: z.string().nullable(),
  /** Custom field key to value. */
  custom: z.record(z.string(), z.unknown()),
  followers: z.array(Person.extend({ role: z.enum(ROLES) })),
  /** The whole conversation, oldest first, internal notes included. */
  messages: z.array(AdminMessageSchema),
  /** Every file of the ticket; `messageId` says which message carries it, if any. */
  attachments: z.array(AttachmentSchema.extend({ messageId: z.string().nullable() })),
  /** The customer's satisfaction rating, once given. */
  rating: RatingSchema.nullable(),
}).openapi('AdminTicketDetail');
export type AdminTicketDetail = z.infer<typeof AdminTicketDetailSchema>;

/** Filters, search, sort and page of the staff ticket list; unknown parameters are a 400. */
export const AdminTicketListQuery = z.strictObject({
  /** One of the inbox's views (see inbox.repository.ts); all tickets without it. */
  view: z.enum(INBOX_VIEWS).optional().openapi({
    description:
      '`unassigned`: open and nobody assigned; `mine`: open and assigned to you; `open`: not resolved or closed; `waiting`: waiting on the customer; `updated`: changed in the last 7 days; `closed`: resolved or closed. Without it, every ticket.',
  }),
  /** Tickets a portal shows: of its kind and among its visible types. */
  portalId: Id.optional(),
  status: z.enum(STATUSES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  kind: z.enum(['ticket', 'task']).optional(),
  /** A staff user's id, or `none` for unassigned tickets. */
  assigneeId: Id.optional(),
  requesterId: Id.optional(),
  organizationId: Id.optional(),
  typeId: Id.optional(),
  projectId: Id.optional(),
  /** Matches title, description, or the ticket number (`42` or `#42`). */
  q: longText(200).optional(),
  sort: z.enum(SORTS).default('created'),
  order: z.enum(['asc', 'desc']).optional().openapi({
    description:
      'Default: `desc` for created, updated and priority; `asc` for status (workflow order: open first). A cursor works only in the sort and order it came from.',
  }),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type AdminTicketListQuery = z.infer<typeof AdminTicketListQuery>;

/** The list's filters without view, sort and page: what the inbox counts take. */
export const InboxCountsQuery = AdminTicketListQuery.omit({
  view: true,
  sort: true,
  order: true,
  cursor: true,
  limit: true,
});

/** How many tickets each inbox view holds under the filters; `all` is every ticket matching them. */
export const InboxCountsSchema = z
  .object({
    all: z.number().int(),
    unassigned: z.number().int(),
    mine: z.number().int(),
    open: z.number().int(),
    waiting: z.number().int(),
    updated: z.number().int(),
    closed: z.number().int(),
  } satisfies Record<InboxView | 'all', z.ZodType>)
  .openapi('AdminInboxCounts');

const Title = longText(200).trim().min(1, 'must not be empty');
const Description = longText(20_000);
const Percent = z.number().int().min(0).max(100).nullable();
const DueDate = z.iso.date().nullable();
const Custom = z.record(z.string().max(60), z.unknown());

/** A ticket opened by staff on behalf of a requester. */
export const CreateAdminTicketBody = z
  .strictObject({
    /** Whom the ticket is opened for; the ticket takes their organization. */
    requesterId: Id,
    kind: z.enum(['ticket', 'task']).default('ticket'),
    typeId: Id,
    projectId: Id.nullable().default(null),
    title: Title,
    description: Description.default(''),
    priority: z.enum(PRIORITIES).default('medium'),
    /** An agent or admin. */
    assigneeId: Id.nullable().default(null),
    private: z.boolean().default(false),
    percentComplete: Percent.default(null),
    dueDate: DueDate.default(null),
    custom: Custom.default({}),
    /** Users who follow from the start, besides the requester. */
    followerIds: z.array(Id).max(50).default([]),
  })
  .openapi('AdminCreateTicket');
export type CreateAdminTicketBody = z.infer<typeof CreateAdminTicketBody>;

/** Any property of a ticket; only what is sent changes. */
export const PatchAdminTicketBody = z
  .strictObject({
    title: Title.optional(),
    description: Description.optional(),
    status: z.enum(STATUSES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    kind: z.enum(['ticket', 'task']).optional(),
    typeId: Id.optional(),
    projectId: Id.nullable().optional(),
    /** An agent or admin, or null to unassign. */
    assigneeId: Id.nullable().optional(),
    /** The ticket moves to the new requester's organization. */
    requesterId: Id.optional(),
    private: z.boolean().optional(),
    percentComplete: Percent.optional(),
    dueDate: DueDate.optional(),
    /** Custom values to set; null clears one. Others stay. */
    custom: Custom.optional(),
  })
  .openapi('AdminPatchTicket');
export type PatchAdminTicketBody = z.infer<typeof PatchAdminTicketBody>;

/** A staff reply or internal note. */
export const NewAdminMessageBody = z
  .strictObject({
    body: longText(20_000).trim().min(1, 'must not be empty'),
    /** True for an internal note that customers never see. */
    internal: z.boolean().default(false),
    /** Files uploaded to this ticket before (`POST /admin/tickets/{id}/attachments`), to hang on this message. */
    attachmentIds: z.array(Id).max(20).default([]),
  })
  .openapi('AdminNewMessage');

/** What the inbox's filter menus offer (agents cannot list portal configs, which are admins'). */
export const InboxFilterOptionsSchema = z
  .object({
    portals: z.array(
      z.object({ id: z.string(), slug: z.string(), name: z.string(), kind: z.enum(['ticket', 'task']) }),
    ),
    types: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() })),
    staff: z.array(Person.extend({ role: z.enum(['agent', 'admin']) })),
    /** By name, at most 500; search people for the others. */
    organizations: z.array(Named),
  })
  .openapi('AdminInboxFilterOptions');
