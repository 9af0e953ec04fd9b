import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The one description of every column's type. Both dialects read back the
 * same values: ids and timestamps are text (ISO-8601 UTC), flags are 0/1
 * integers, structured values are JSON text.
 */
export interface Database {
  counters: CountersTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  projects: ProjectsTable;
  project_followers: ProjectFollowersTable;
  ticket_types: TicketTypesTable;
  custom_fields: CustomFieldsTable;
  tickets: TicketsTable;
  ticket_followers: TicketFollowersTable;
  ticket_ratings: TicketRatingsTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  time_entries: TimeEntriesTable;
  ticket_events: TicketEventsTable;
  portals: PortalsTable;
  sessions: SessionsTable;
  login_tokens: LoginTokensTable;
  passkeys: PasskeysTable;
  idempotency_keys: IdempotencyKeysTable;
  email_outbox: EmailOutboxTable;
  refresh_tokens: RefreshTokensTable;
  webauthn_challenges: WebauthnChallengesTable;
  rate_limits: RateLimitsTable;
  host_sites: HostSitesTable;
  host_site_keys: HostSiteKeysTable;
  inbound_messages: InboundMessagesTable;
  inbound_refusals: InboundRefusalsTable;
  logos: LogosTable;
  audit_events: AuditEventsTable;
}

/** 0 or 1: SQLite has no boolean type, so both dialects store integers. */
export type Flag = 0 | 1;

export type Role = 'customer' | 'agent' | 'admin';
export type TicketKind = 'ticket' | 'task';

export interface CountersTable {
  name: string;
  value: number;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  /** Email domain this organization claims for self sign-up, lower case. */
  domain: string | null;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: Role;
  organization_id: string | null;
  locale: string;
  /** `<host site id>:<sub>` for a customer signed in by host identity (0008; `<portal id>:<sub>` before). */
  external_id: string | null;
  created_at: string;
}

export interface ProjectsTable {
  id: string;
  name: string;
  created_at: string;
}

/** Exactly one of user_id and organization_id is set. */
export interface ProjectFollowersTable {
  id: string;
  project_id: string;
  user_id: string | null;
  organization_id: string | null;
  created_at: string;
}

export interface TicketTypesTable {
  id: string;
  key: string;
  name: string;
  position: number;
  created_at: string;
}

export interface CustomFieldsTable {
  id: string;
  key: string;
  label: string;
  type: string;
  /** JSON array of option strings (select fields), else null. */
  options: string | null;
  /** JSON array of ticket type ids this field belongs to; null means every type. */
  type_ids: string | null;
  required: Flag;
  position: number;
  created_at: string;
}

export interface TicketsTable {
  id: string;
  number: number;
  kind: TicketKind;
  type_id: string;
  project_id: string | null;
  title: string;
  description: string;
  status: string;
  priority: string;
  requester_id: string;
  organization_id: string | null;
  assignee_id: string | null;
  private: Flag;
  percent_complete: number | null;
  due_date: string | null;
  /** JSON object of custom field key to value. */
  custom: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

/** A customer's rating of a closed or resolved ticket: at most one per ticket. */
export interface TicketRatingsTable {
  ticket_id: string;
  rating: 'good' | 'bad';
  /** Empty when the customer wrote none. */
  comment: string;
  /** Who rated; null once that account is deleted. */
  user_id: string | null;
  created_at: string;
}

export interface TicketFollowersTable {
  ticket_id: string;
  user_id: string;
  created_at: string;
}

export interface MessagesTable {
  id: string;
  ticket_id: string;
  author_id: string;
  body: string;
  internal: Flag;
  created_at: string;
}

export interface AttachmentsTable {
  id: string;
  ticket_id: string;
  message_id: string | null;
  uploader_id: string;
  filename: string;
  content_type: string;
  size: number;
  storage_key: string;
  created_at: string;
}

export interface TimeEntriesTable {
  id: string;
  ticket_id: string;
  user_id: string;
  minutes: number;
  date: string;
  note: string;
  created_at: string;
}

export interface TicketEventsTable {
  id: string;
  ticket_id: string;
  actor_id: string | null;
  type: string;
  /** JSON object describing the change. */
  data: string;
  /** 1 when only agents may learn of it (internal notes). */
  internal: Flag;
  created_at: string;
}

export interface PortalsTable {
  id: string;
  slug: string;
  /** JSON of PortalConfig (see portals/portal-config.ts). */
  config: string;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  /** Set when the session may act only on this portal (widget tokens). */
  portal_id: string | null;
  /** Which channel minted it: cookie, widget, preview, internal. */
  kind: string;
  /** For a preview session: the customer whose view an admin borrows. */
  preview_user_id: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface LoginTokensTable {
  id: string;
  /** The portal signed in to; null for a staff sign-in on the console (0007). */
  portal_id: string | null;
  email: string;
  purpose: string;
  code_hash: string | null;
  link_hash: string | null;
  attempts: number;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
  /** Where the link leads after sign-in: a path inside the portal (0003). */
  next_path: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PasskeysTable {
  id: string;
  user_id: string;
  credential_id: string;
  public_key: string;
  counter: number;
  transports: string | null;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  portal_id: string;
  request_hash: string;
  /** Null while the first request is still in flight. */
  response_status: number | null;
  response_body: string | null;
  created_at: string;
}

export interface EmailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** `email` (stored ready to send) or `notification` (rendered by the worker when sent). Default `email`. */
  kind: ColumnType<string, string | undefined, string>;
  recipient_user_id: NullableColumn<string>;
  /** JSON: what a `notification` row is about. */
  payload: NullableColumn<string>;
  /** `<row-id@host>`, fixed at the first claim. */
  message_id: NullableColumn<string>;
  /** Claim token and lease end of the worker sending it; an expired lease makes it due again. */
  locked_by: NullableColumn<string>;
  locked_until: NullableColumn<string>;
  /** Which transport delivered it: `smtp` or `dev`. */
  transport: NullableColumn<string>;
  /** JSON of the extra headers (Reply-To, In-Reply-To, References) the renderer chose (0010). */
  headers: NullableColumn<string>;
}

/** A nullable column added later: may be left out of an insert. */
type NullableColumn<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** A widget session's refresh tokens: one live, the used ones kept to detect reuse. */
export interface RefreshTokensTable {
  id: string;
  session_id: string;
  token_hash: string;
  created_at: string;
  used_at: string | null;
}

/** A WebAuthn challenge handed out and not yet used (`register` or `login`). */
export interface WebauthnChallengesTable {
  id: string;
  challenge: string;
  purpose: string;
  /** The registering user; null for a passkey sign-in, where the user is not known yet. */
  user_id: string | null;
  /** The portal a passkey sign-in starts from. */
  portal_id: string | null;
  created_at: string;
  expires_at: string;
}

/** A website whose backend signs identity tokens for its customers; portals that trust it refer to it (0008). */
export interface HostSitesTable {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

/** A key a host site signs identity tokens with, chosen by the token's `kid`. Secrets never leave the server. */
export interface HostSiteKeysTable {
  host_site_id: string;
  kid: string;
  /** `HS256` (a shared `secret`) or `ES256` (a P-256 `public_key_jwk`, JSON text). */
  alg: string;
  secret: string | null;
  public_key_jwk: string | null;
  created_at: string;
}

/** One fixed-window counter per limited key (e.g. `start:email:<address>`). */
export interface RateLimitsTable {
  key: string;
  window_start: string;
  count: number;
}

/** How an inbound message stands: see inbound/inbound-store.ts. */
export type InboundStatus = 'pending' | 'processing' | 'done' | 'ignored' | 'refused' | 'failed';

/** One email as it arrived (any transport), its raw bytes in storage, and what became of it. */
export interface InboundMessagesTable {
  id: string;
  /** The Message-ID, or `sha256:<hex>` of the bytes when it has none; unique. */
  message_key: string;
  /** `smtp`, `imap`, `http` or `dev`. */
  transport: string;
  envelope_from: string | null;
  /** JSON array of the envelope recipients (RCPT TO, or the message's own when the transport has none). */
  envelope_to: string;
  storage_key: string;
  size: number;
  status: InboundStatus;
  /** Why it was ignored, refused or failed; what happened when done. */
  reason: string | null;
  attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  /** The From address, once parsed. */
  sender: string | null;
  subject: string | null;
  /** The ticket it became part of, and the message it created (when any). */
  ticket_id: string | null;
  message_id: string | null;
  received_at: string;
  processed_at: string | null;
}

/** Strangers told once that a portal takes no mail from them. */
export interface InboundRefusalsTable {
  portal_id: string;
  address: string;
  created_at: string;
}

/** A portal logo an admin uploaded: content-addressed, served publicly at /api/v1/logos/{id}. */
export interface LogosTable {
  /** SHA-256 of the bytes, hex. */
  id: string;
  /** Sniffed from the bytes: image/png, image/jpeg, image/webp or image/svg+xml. */
  content_type: string;
  size: number;
  storage_key: string;
  uploader_id: string | null;
  created_at: string;
}

/** One settings change made through the admin API (audit/). */
export interface AuditEventsTable {
  id: string;
  created_at: string;
  /** Who made it; their name and email as they were then. */
  actor_id: string | null;
  actor_name: string;
  actor_email: string;
  /** `portal.update`, `user.deactivate`, … */
  action: string;
  /** `portal`, `host_site`, `user`, `organization`, `project`, `ticket_type`, `custom_field`. */
  target_type: string;
  target_id: string;
  /** The target's name (or slug, email) then, for reading the log after it changed or went. */
  target_label: string;
  /** JSON: `{"<dotted key>": {"before": …, "after": …}}` for the changed keys only. */
  changes: string;
}

export type Organization = Selectable<OrganizationsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Project = Selectable<ProjectsTable>;
export type TicketType = Selectable<TicketTypesTable>;
export type CustomField = Selectable<CustomFieldsTable>;
export type Ticket = Selectable<TicketsTable>;
export type NewTicket = Insertable<TicketsTable>;
export type TicketUpdate = Updateable<TicketsTable>;
export type Message = Selectable<MessagesTable>;
export type Attachment = Selectable<AttachmentsTable>;
export type TimeEntry = Selectable<TimeEntriesTable>;
export type PortalRow = Selectable<PortalsTable>;
export type Session = Selectable<SessionsTable>;
export type { Generated };
