// Wire types of the HTTP API, taken from the server's own zod schemas (type-only
// imports: nothing of the server reaches the bundle).
import type { z } from 'zod';
import type { PublicPortalSchema } from '../../../server/src/portals/portals.routes.js';
import type {
  AttachmentSchema,
  FollowerSchema,
  MessageSchema,
  TicketDetailSchema,
  TicketPageSchema,
  TimeEntrySchema,
  ViewCountsSchema,
} from '../../../server/src/tickets/tickets.schemas.js';
import type { PasskeySchema } from '../../../server/src/auth/passkeys.routes.js';
import type { SignInResultSchema } from '../../../server/src/auth/sign-in.js';
import type { MeSchema } from '../../../server/src/account/account.schemas.js';
import type { CustomFieldSchema } from '../../../server/src/tickets/catalog.schemas.js';

export type PublicPortal = z.infer<typeof PublicPortalSchema>;
export type TicketPage = z.infer<typeof TicketPageSchema>;
export type TicketSummary = TicketPage['items'][number];
export type ViewCounts = z.infer<typeof ViewCountsSchema>;
export type TicketDetail = z.infer<typeof TicketDetailSchema>;
export type Property = TicketDetail['properties'][number];
export type Message = z.infer<typeof MessageSchema>;
export type Attachment = z.infer<typeof AttachmentSchema>;
export type Follower = z.infer<typeof FollowerSchema>;
export type TimeEntry = z.infer<typeof TimeEntrySchema>;
export type CustomField = z.infer<typeof CustomFieldSchema>;
export type Status = TicketSummary['status'];
export type Priority = TicketSummary['priority'];

/** One of the customer's passkeys, as `/auth/passkeys` lists it. */
export type Passkey = z.infer<typeof PasskeySchema>;

/** Someone to share a ticket with, as `/portals/:slug/people` suggests them. */
export interface Person {
  id: string;
  name: string;
  email: string;
}

/** The signed-in customer (or, on the console, staff member), as `/auth/*` and `/me` answer. The console lets in agents and admins only. */
export type User = z.infer<typeof MeSchema>;

/** What a successful sign-in or refresh answers. */
export type SignInResult = z.infer<typeof SignInResultSchema>;

/** What the live-update stream says changed (`event: ticket`); the widget refetches what it shows. */
export type { TicketChange } from '../../../server/src/events/event-hub.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
