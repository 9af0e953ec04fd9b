import { z } from '@hono/zod-openapi';
import { STATUSES } from '../tickets/ticket-fields.js';
import { TimeEntrySchema } from '../tickets/tickets.schemas.js';
import { ROLES } from './admin.schemas.js';

const Id = z.string().min(1).max(64);

/** A follower as staff see them: always by name, with their role. */
export const StaffFollowerSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), role: z.enum(ROLES) })
  .openapi('StaffFollower');
export const StaffFollowerList = z
  .object({ items: z.array(StaffFollowerSchema), nextCursor: z.null() })
  .openapi('StaffFollowerList');

/** Staff add any user (customer or staff) as a follower, by id. */
export const AddStaffFollowerBody = z.strictObject({ userId: Id }).openapi('AdminAddFollower');
export const FollowerParams = z.object({ id: Id, userId: Id });

export const StaffTimeEntryList = z
  .object({ items: z.array(TimeEntrySchema), nextCursor: z.null(), totalMinutes: z.number() })
  .openapi('StaffTimeEntryList');

/** Time logged by the signed-in agent. */
export const NewStaffTimeEntryBody = z
  .strictObject({
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    date: z.iso.date(),
    note: z
      .string()
      .max(1000)
      .refine((s) => !s.includes('\u0000'), 'must not contain NUL bytes')
      .default(''),
  })
  .openapi('AdminNewTimeEntry');

/** One event of a ticket's history. `data` depends on `type` (e.g. `{from, to}` for `status_changed`, `{properties}` for `updated`). */
export const HistoryEventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    actor: z.object({ id: z.string(), name: z.string() }).nullable(),
    internal: z.boolean(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('TicketHistoryEvent');
export const HistoryList = z
  .object({ items: z.array(HistoryEventSchema), nextCursor: z.null() })
  .openapi('TicketHistory');

/** A heartbeat of the console's ticket page. */
export const PresenceBody = z.strictObject({ composing: z.boolean().default(false) }).openapi('PresenceBeat');

/** Who else has the ticket open, the newest message (for "someone replied since you opened it") and when the ticket last changed. */
export const PresenceSchema = z
  .object({
    /** The ticket's `updatedAt`: a console showing an older one fetches it again. */
    updatedAt: z.string(),
    viewers: z.array(
      z.object({ id: z.string(), name: z.string(), composing: z.boolean(), since: z.string(), lastSeen: z.string() }),
    ),
    latestMessage: z
      .object({
        id: z.string(),
        createdAt: z.string(),
        internal: z.boolean(),
        author: z.object({ id: z.string(), name: z.string() }),
      })
      .nullable(),
  })
  .openapi('TicketPresence');

/** The requester, their organization and their other recent tickets. */
export const CustomerContextSchema = z
  .object({
    requester: z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      role: z.enum(ROLES),
      createdAt: z.string(),
    }),
    organization: z.object({ id: z.string(), name: z.string(), domain: z.string().nullable() }).nullable(),
    recentTickets: z.array(
      z.object({
        id: z.string(),
        number: z.number(),
        title: z.string(),
        status: z.enum(STATUSES),
        updatedAt: z.string(),
      }),
    ),
  })
  .openapi('CustomerContext');
