import { z } from '@hono/zod-openapi';
import { PRIORITIES, STATUSES } from './ticket-fields.js';

/** Text fields refuse NUL bytes: nothing downstream needs them and some stores choke on them. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL bytes');

export const TicketIdParams = z.object({
  slug: z.string().min(1).max(64),
  id: z.string().min(1).max(64),
});
export const SlugParams = z.object({ slug: z.string().min(1).max(64) });

export const SORTS = ['created', 'updated', 'priority', 'status'] as const;
export type Sort = (typeof SORTS)[number];

const VIEW = 'all|my_open|my_closed|followed|type:[a-z0-9_-]{1,40}';

export const ListQuery = z.strictObject({
  view: z
    .string()
    .regex(new RegExp(`^(${VIEW})$`), 'must be all, my_open, my_closed, followed or type:<key>')
    .default('all'),
  q: text(200).optional(),
  sort: z.enum(SORTS).default('created'),
  order: z.enum(['asc', 'desc']).optional().openapi({
    description:
      'Default: `desc` for created, updated and priority; `asc` for status (workflow order: open first). A cursor works only in the sort and order it came from.',
  }),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const CountsQuery = z.strictObject({
  views: z
    .string()
    .regex(
      new RegExp(`^(${VIEW})(,(${VIEW})){0,19}$`),
      'must be 1 to 20 comma-separated views: all, my_open, my_closed, followed or type:<key>',
    )
    .openapi({ example: 'all,my_open,my_closed,type:incident' }),
});

export const ViewCountsSchema = z
  .object({
    counts: z.array(
      z.object({
        view: z.string(),
        count: z.number().int().openapi({ description: 'Tickets in the view, at most 99' }),
        more: z.boolean().openapi({ description: 'More than 99: show "99+"' }),
      }),
    ),
  })
  .openapi('ViewCounts');

const Person = z.object({ id: z.string(), name: z.string() });

export const TicketSummarySchema = z
  .object({
    id: z.string(),
    number: z.number(),
    title: z.string(),
    status: z.enum(STATUSES),
    priority: z.enum(PRIORITIES),
    type: z.object({ id: z.string(), key: z.string(), name: z.string() }),
    private: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('TicketSummary');
export type TicketSummary = z.infer<typeof TicketSummarySchema>;

export const TicketPageSchema = z
  .object({ items: z.array(TicketSummarySchema), nextCursor: z.string().nullable() })
  .openapi('TicketPage');

export const PropertySchema = z
  .object({
    property: z.string(),
    label: z.string(),
    /** How to show and edit it: a custom field type, or status/priority/person/datetime/… for standard ones. */
    type: z.string(),
    value: z.unknown(),
    editable: z.boolean(),
    options: z.array(z.string()).optional(),
  })
  .openapi('TicketProperty');
export type Property = z.infer<typeof PropertySchema>;

export const AttachmentSchema = z
  .object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), createdAt: z.string() })
  .openapi('Attachment');
export type AttachmentDto = z.infer<typeof AttachmentSchema>;

/** The requester's or a follower's rating of the ticket once it was closed or resolved. */
export const RatingSchema = z
  .object({ rating: z.enum(['good', 'bad']), comment: z.string(), ratedAt: z.string() })
  .openapi('Rating');

export const RateTicketBody = z
  .strictObject({
    rating: z.enum(['good', 'bad']),
    comment: text(2000).trim().default(''),
  })
  .openapi('RateTicket');

export const TicketDetailSchema = TicketSummarySchema.extend({
  description: z.string(),
  closedAt: z.string().nullable(),
  requester: Person,
  assignee: Person.nullable(),
  /** True when the viewer may close, reopen, share and log time on it. */
  canManage: z.boolean(),
  properties: z.array(PropertySchema),
  /** Files attached to the ticket itself rather than to a message. */
  attachments: z.array(AttachmentSchema),
  /** The customer's rating, once given (the portal's `satisfaction` asks for one on a closed or resolved ticket). */
  rating: RatingSchema.nullable(),
}).openapi('TicketDetail');
export type TicketDetail = z.infer<typeof TicketDetailSchema>;

export const CreateTicketBody = z
  .strictObject({
    typeId: z.string().min(1).max(64),
    title: text(200).trim().min(1, 'must not be empty'),
    description: text(20_000).default(''),
    priority: z.enum(PRIORITIES).optional(),
    // min(1): the route checks a project only when one is named, so '' would reach the insert unchecked.
    projectId: z.string().min(1).max(64).nullable().optional(),
    custom: z.record(z.string().max(60), z.unknown()).default({}),
    private: z.boolean().default(false),
    followers: z.array(z.email().max(254)).max(20).default([]),
  })
  .openapi('CreateTicket');
export type CreateTicketBody = z.infer<typeof CreateTicketBody>;

/** PATCH body: property name to new value. Checked against the portal's editable list by hand. */
export const PatchTicketBody = z.record(z.string().max(60), z.unknown()).openapi('PatchTicket');

export const MessageSchema = z
  .object({
    id: z.string(),
    body: z.string(),
    author: Person.extend({ staff: z.boolean() }),
    createdAt: z.string(),
    attachments: z.array(AttachmentSchema),
  })
  .openapi('Message');
export type MessageDto = z.infer<typeof MessageSchema>;

export const NewMessageBody = z
  .strictObject({
    body: text(20_000).trim().min(1, 'must not be empty'),
    attachmentIds: z.array(z.string().max(64)).max(20).default([]),
  })
  .openapi('NewMessage');

export const FollowerSchema = z
  .object({
    id: z.string(),
    /** Their name; their address instead for someone outside the viewer's organization (see `namesShownTo`). */
    name: z.string(),
    email: z.string(),
    requester: z.boolean(),
  })
  .openapi('Follower');

/**
 * Share with someone by address, or with a colleague picked from the people
 * search by id (exactly one of the two).
 */
export const AddFollowerBody = z
  .strictObject({
    email: z.email().max(254).optional(),
    userId: z.string().min(1).max(64).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.email !== undefined && body.userId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['userId'], message: 'give userId or email, not both' });
    } else if (body.email === undefined && body.userId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'is required.' });
    }
  })
  .openapi('AddFollower');

export const TimeEntrySchema = z
  .object({
    id: z.string(),
    minutes: z.number(),
    date: z.string(),
    note: z.string(),
    user: Person,
    createdAt: z.string(),
  })
  .openapi('TimeEntry');
export type TimeEntryDto = z.infer<typeof TimeEntrySchema>;

export const NewTimeEntryBody = z
  .strictObject({
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    date: z.iso.date(),
    note: text(1000).default(''),
  })
  .openapi('NewTimeEntry');
