import { sql, type Kysely } from 'kysely';
import type { AppSettings, Clock } from '../app-env.js';
import { hitRateLimit, rateLimitsOf } from '../auth/rate-limit.js';
import type { Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import type { AttachmentsTable, Database, InboundStatus, Ticket, User } from '../db/schema.js';
import { enqueueNotification } from '../mail/outbox.js';
import { bodyText, headerText } from '../mail/text-safety.js';
import { candidatePortals, portalShowing } from '../notifications/notify.js';
import { listPortals, type Portal } from '../portals/portals.repository.js';
import { fieldsForType, listCustomFields } from '../tickets/catalog.repository.js';
import { createCustomer } from '../auth/users.repository.js';
import { normalizeEmail } from '../tickets/resolve-people.js';
import { insertMessage, insertTicket } from '../tickets/tickets.repository.js';
import { recordAttachment } from '../uploads/attachments.repository.js';
import { normalizeContentType, sanitizeFileName } from '../uploads/file-metadata.js';
import { TooLargeError, type Storage } from '../uploads/storage.js';
import { oversizeReason } from './inbound-store.js';
import { parseInboundMail, type InboundMail } from './parse-mail.js';
import { queueRefusal } from './refusal.js';
import { readReplyToken, tokenOfAddress } from './reply-token.js';
import { automatedReason } from './screening.js';
import { visibleReply } from './strip-quotes.js';

/** What processing inbound mail needs; `settings.inbound` must be set. */
export interface InboundProcessorDeps {
  db: Kysely<Database>;
  storage: Storage;
  clock: Clock;
  secret: Uint8Array;
  settings: AppSettings;
  /** How long a claimed row stays ours; a process that died mid-way loses it after this. */
  leaseMs?: number;
  /** Attempts (each ending in an error) before a row is left `failed`. */
  maxAttempts?: number;
}

/** The longest message body and ticket title, as through the API (tickets.schemas.ts). */
const MAX_BODY = 20_000;
const MAX_TITLE = 200;

/** What to do with one email, decided before anything is written. */
type Plan =
  | { kind: 'drop'; status: 'ignored' | 'refused'; reason: string }
  | { kind: 'reply'; ticket: Ticket; author: User }
  | { kind: 'new_ticket'; portal: Portal; requester: User | null }
  | { kind: 'refuse_stranger'; portal: Portal };

/** A file of the email, stored, waiting for its row. */
interface StoredAttachment {
  key: string;
  size: number;
  filename: string;
  contentType: string;
}

class LostLease extends Error {}

/**
 * Turns one stored inbound email into what it means, exactly once: a message
 * on a ticket (a reply), a new ticket (mail to a support address), or
 * nothing, with the reason kept for admins. The row is claimed with a lease;
 * the result and the row's new status commit in one transaction guarded by
 * that lease, so two workers, a retry or a restart never make a message twice.
 * Messages and tickets are made by the same repository functions as the API's
 * (events, notifications), attachments through the same storage and limits.
 * Resolves with the row's final status, or null when it was not ours to take.
 */
export async function processInbound(deps: InboundProcessorDeps, id: string): Promise<InboundStatus | null> {
  const { db, clock } = deps;
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  const lock = newId();
  const now = clock.now();
  const row = await db
    .updateTable('inbound_messages')
    .set((eb) => ({
      status: 'processing',
      locked_by: lock,
      locked_until: new Date(now.getTime() + leaseMs).toISOString(),
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', id)
    .where(isDue(now.toISOString()))
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;

  const finish = async (
    trx: Executor,
    status: InboundStatus,
    reason: string,
    extra: {
      sender?: string | null;
      subject?: string | null;
      ticketId?: string | null;
      messageId?: string | null;
    } = {},
  ) => {
    const result = await trx
      .updateTable('inbound_messages')
      .set({
        status,
        reason: headerText(reason, 500),
        locked_by: null,
        locked_until: null,
        processed_at: clock.now().toISOString(),
        ...(extra.sender !== undefined ? { sender: extra.sender } : {}),
        ...(extra.subject !== undefined ? { subject: extra.subject } : {}),
        ...(extra.ticketId !== undefined ? { ticket_id: extra.ticketId } : {}),
        ...(extra.messageId !== undefined ? { message_id: extra.messageId } : {}),
      })
      .where('id', '=', row.id)
      .where('locked_by', '=', lock)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new LostLease('another worker took this email over');
  };

  let stored: StoredAttachment[] = [];
  try {
    const raw = await readAll(deps.storage, row.storage_key);
    if (!raw) {
      await finish(db, 'failed', 'the raw message is missing from storage');
      return 'failed';
    }
    if (raw.byteLength !== Number(row.size)) {
      // Only the headers of an email over the size limit were kept (recordOversized): nothing to make of them.
      await finish(
        db,
        'failed',
        oversizeReason(Number(row.size), deps.settings.inbound?.maxMessageBytes ?? raw.byteLength),
      );
      return 'failed';
    }
    const mail = await parseInboundMail(raw);
    const who = { sender: mail.from, subject: headerText(mail.subject, 250) || null };
    const envelopeTo = parseList(row.envelope_to);
    const plan = await decide(deps, mail, row.envelope_from, [...envelopeTo, ...mail.recipients]);

    if (plan.kind === 'drop') {
      await finish(db, plan.status, plan.reason, who);
      return plan.status;
    }
    if (plan.kind === 'refuse_stranger') {
      await db.transaction().execute(async (trx) => {
        const sent = await queueRefusal(trx, plan.portal, mail, clock.now().toISOString());
        await finish(
          trx,
          'refused',
          sent
            ? 'the portal takes no sign-ups; the sender was told once'
            : 'the portal takes no sign-ups; already told',
          who,
        );
      });
      return 'refused';
    }

    // Whether a new ticket can be opened at all is settled before any file is stored.
    const newTicketType = plan.kind === 'new_ticket' ? await ticketTypeFor(db, plan.portal) : null;
    if (newTicketType && !newTicketType.ok) {
      await finish(db, 'failed', newTicketType.reason, who);
      return 'failed';
    }

    const text = bodyText(visibleReply(mail.text)).trim();
    const { files, notes } = await storeAttachments(deps, mail);
    stored = files;
    const body = clip([text, ...notes].filter(Boolean).join('\n\n'), MAX_BODY);
    const nowIso = clock.now().toISOString();

    if (plan.kind === 'reply') {
      if (!body && files.length === 0) {
        await finish(db, 'ignored', 'the reply is empty once the quoted email is removed', {
          ...who,
          ticketId: plan.ticket.id,
        });
        return 'ignored';
      }
      await db.transaction().execute(async (trx) => {
        const attachmentIds = await recordAll(trx, files, plan.ticket.id, plan.author.id, nowIso);
        const messageId = await insertMessage(trx, {
          ticketId: plan.ticket.id,
          authorId: plan.author.id,
          body: body || files.map((f) => f.filename).join(', '),
          // A reply by email is always public, also from an agent: internal notes are written in the console.
          internal: false,
          attachmentIds,
          now: nowIso,
        });
        await finish(trx, 'done', `reply added to #${plan.ticket.number}`, {
          ...who,
          ticketId: plan.ticket.id,
          messageId,
        });
      });
      return 'done';
    }

    // A new ticket at a support address, of the type chosen above.
    const { portal } = plan;
    if (!newTicketType?.ok) throw new Error('a new ticket without its type');
    await db.transaction().execute(async (trx) => {
      const requester =
        plan.requester ??
        (await createCustomer(trx, {
          email: mail.from!,
          name: (mail.fromName && headerText(mail.fromName, 120)) || undefined,
          locale: mail.language?.toLowerCase().startsWith('fr') ? 'fr' : 'en',
          now: nowIso,
        }));
      const ticket = await insertTicket(trx, {
        kind: portal.config.kind,
        typeId: newTicketType.typeId,
        projectId: null,
        title: ticketTitle(mail.subject),
        description: body,
        priority: portal.config.priorities.includes('medium') ? 'medium' : portal.config.priorities[0]!,
        requesterId: requester.id,
        organizationId: requester.organization_id,
        private: false,
        custom: {},
        followerIds: [],
        actorId: requester.id,
        now: nowIso,
      });
      await recordAll(trx, files, ticket.id, requester.id, nowIso);
      // The usual confirmation with the link, rendered when sent (language, fresh sign-in link, access).
      const created = await trx
        .selectFrom('ticket_events')
        .select('id')
        .where('ticket_id', '=', ticket.id)
        .where('type', '=', 'created')
        .executeTakeFirstOrThrow();
      await enqueueNotification(
        trx,
        {
          to: requester.email,
          recipientUserId: requester.id,
          payload: { ticketId: ticket.id, eventId: created.id, category: 'received' },
        },
        nowIso,
      );
      await finish(trx, 'done', `opened #${ticket.number} in portal ${portal.slug}`, { ...who, ticketId: ticket.id });
    });
    return 'done';
  } catch (error) {
    await Promise.all(stored.map((f) => deps.storage.delete(f.key).catch(() => undefined)));
    if (error instanceof LostLease) return null;
    const reason = headerText(error instanceof Error ? error.message : String(error), 500);
    const attempts = Number(row.attempts);
    const failed = attempts >= (deps.maxAttempts ?? 3);
    // Back to pending, not before a delay that grows with each attempt (`locked_until` is the earliest retry).
    const retryAt = new Date(clock.now().getTime() + 30_000 * 2 ** (attempts - 1)).toISOString();
    await db
      .updateTable('inbound_messages')
      .set(
        failed
          ? { status: 'failed', reason, locked_by: null, locked_until: null, processed_at: clock.now().toISOString() }
          : { status: 'pending', reason, locked_by: null, locked_until: retryAt },
      )
      .where('id', '=', row.id)
      .where('locked_by', '=', lock)
      .execute();
    return failed ? 'failed' : 'pending';
  }
}

/** Due: pending (and past any retry delay), or processing with a lease that ran out. */
export const isDue = (now: string) => (eb: import('kysely').ExpressionBuilder<Database, 'inbound_messages'>) =>
  eb.or([
    eb.and([eb('status', '=', 'pending'), eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)])]),
    eb.and([eb('status', '=', 'processing'), eb('locked_until', '<=', now)]),
  ]);

/** Reads what the email is: screened out, a reply, a new ticket, or nothing we know. */
async function decide(
  deps: InboundProcessorDeps,
  mail: InboundMail,
  envelopeFrom: string | null,
  recipients: string[],
): Promise<Plan> {
  const { db, settings } = deps;
  const inbound = settings.inbound;
  if (!inbound) return { kind: 'drop', status: 'ignored', reason: 'email in is not configured' };
  const automated = await automatedReason(db, mail, envelopeFrom);
  if (automated) return { kind: 'drop', status: 'ignored', reason: automated };
  const from = mail.from!;
  const limit = await hitRateLimit(
    db,
    `inbound:sender:${from}`,
    rateLimitsOf(settings).inboundPerSender,
    deps.clock.now(),
  );
  if (!limit.allowed) return { kind: 'drop', status: 'ignored', reason: `rate limited: too many emails from ${from}` };

  const token = recipients.map((address) => tokenOfAddress(address, inbound.domain)).find((t) => t !== null);
  if (token) {
    // Whatever is wrong with a token, the sender hears nothing: a stranger learns no ticket or person from us.
    const target = readReplyToken(deps.secret, token);
    if (!target) return { kind: 'drop', status: 'refused', reason: 'forged or unknown reply token' };
    const ticket = await db
      .selectFrom('tickets')
      .selectAll()
      .where('number', '=', target.ticketNumber)
      .executeTakeFirst();
    const author = await db.selectFrom('users').selectAll().where('id', '=', target.userId).executeTakeFirst();
    if (!ticket || !author)
      return {
        kind: 'drop',
        status: 'refused',
        reason: 'the reply token names a ticket or person that no longer exists',
      };
    if (normalizeEmail(author.email) !== from)
      return {
        kind: 'drop',
        status: 'refused',
        reason: `the sender ${from} is not the person the reply token was made for`,
      };
    if (author.role === 'customer') {
      const portal = await portalShowing(db, await candidatePortals(db, ticket), author, ticket);
      if (!portal) return { kind: 'drop', status: 'refused', reason: `${from} can no longer see #${ticket.number}` };
    }
    return { kind: 'reply', ticket, author };
  }

  const addresses = new Set(recipients.map(normalizeEmail));
  const portal = (await listPortals(db))
    .filter((p) => p.config.enabled)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
    .find((p) => p.config.email.supportAddresses.some((a) => addresses.has(a)));
  if (!portal)
    return { kind: 'drop', status: 'ignored', reason: 'no reply address or support address among the recipients' };
  const requester = await db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', from)
    .executeTakeFirst();
  if (requester && requester.role !== 'customer') {
    return {
      kind: 'drop',
      status: 'refused',
      reason: 'staff open tickets in the console, not by writing to the support address',
    };
  }
  if (!requester && !portal.config.selfSignUp) return { kind: 'refuse_stranger', portal };
  return { kind: 'new_ticket', portal, requester: requester ?? null };
}

/** Stores each attachment up to the upload limit; larger ones are left out with a note in the message. */
async function storeAttachments(
  deps: InboundProcessorDeps,
  mail: InboundMail,
): Promise<{ files: StoredAttachment[]; notes: string[] }> {
  const files: StoredAttachment[] = [];
  const notes: string[] = [];
  const max = deps.settings.maxUploadBytes;
  try {
    for (const attachment of mail.attachments.slice(0, 20)) {
      const filename = sanitizeFileName(attachment.filename);
      if (attachment.content.byteLength === 0) continue;
      try {
        const { key, size } = await deps.storage.put(attachment.content, max);
        files.push({ key, size, filename, contentType: normalizeContentType(attachment.contentType) });
      } catch (error) {
        if (!(error instanceof TooLargeError)) throw error;
        notes.push(`[${filename} was not kept: larger than ${max} bytes]`);
      }
    }
  } catch (error) {
    await Promise.all(files.map((f) => deps.storage.delete(f.key).catch(() => undefined)));
    throw error;
  }
  return { files, notes };
}

async function recordAll(trx: Executor, files: StoredAttachment[], ticketId: string, uploaderId: string, now: string) {
  const ids: string[] = [];
  for (const file of files) {
    const row: AttachmentsTable = {
      id: newId(),
      ticket_id: ticketId,
      message_id: null,
      uploader_id: uploaderId,
      filename: file.filename,
      content_type: file.contentType,
      size: file.size,
      storage_key: file.key,
      created_at: now,
    };
    await recordAttachment(trx, row);
    ids.push(row.id);
  }
  return ids;
}

/**
 * The type of a ticket opened by email at `portal`: `email.defaultTypeId`,
 * else the portal's first visible type. An email fills no custom field, so a
 * type with a required one cannot be opened this way: the email is kept as
 * failed, naming the fields and the fix, for an admin to retry once changed.
 */
async function ticketTypeFor(
  db: Kysely<Database>,
  portal: Portal,
): Promise<{ ok: true; typeId: string } | { ok: false; reason: string }> {
  const { defaultTypeId: chosen } = portal.config.email;
  const visible = portal.config.visibleTypeIds;
  const candidates = chosen && visible.includes(chosen) ? [chosen] : visible;
  const type =
    candidates.length > 0
      ? await db
          .selectFrom('ticket_types')
          .select(['id', 'key'])
          .where('id', 'in', candidates)
          .orderBy('position')
          .orderBy('id')
          .executeTakeFirst()
      : undefined;
  if (!type) return { ok: false, reason: `portal ${portal.slug} shows no ticket type to open` };
  const required = fieldsForType(await listCustomFields(db), type.id).filter((f) => f.required);
  if (required.length > 0) {
    const names = required.map((f) => `custom.${f.key}`).join(', ');
    return {
      ok: false,
      reason:
        `type ${type.key} requires ${names}, which an email cannot fill: ` +
        `set email.defaultTypeId of portal ${portal.slug} to a type without required fields, or make the field optional, then retry`,
    };
  }
  return { ok: true, typeId: type.id };
}

/** The subject as a ticket title: one line, without reply and forward prefixes. */
function ticketTitle(subject: string): string {
  const title = headerText(subject, MAX_TITLE)
    .replace(/^((re|fw|fwd|tr|aw|wg)\s*:\s*)+/i, '')
    .trim();
  return title || '(no subject)';
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function parseList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

async function readAll(storage: Storage, key: string): Promise<Buffer | null> {
  const file = await storage.read(key);
  if (!file) return null;
  return Buffer.from(await new Response(file.stream).arrayBuffer());
}
