import type { ExpressionBuilder, Selectable, Transaction, Updateable } from 'kysely';
import type { Clock } from '../app-env.js';
import type { Db } from '../db/connect.js';
import { newId } from '../db/ids.js';
import type { Database, EmailOutboxTable } from '../db/schema.js';
import { renderNotification, type RenderContext, type RenderOutcome } from '../notifications/render.js';
import type { ThreadHeaders } from './templates.js';
import { headerText } from './text-safety.js';
import type { MailTransport } from './transport.js';
import { createPolledLoops, errorText, takeDue } from './polled-loops.js';

export type OutboxRow = Selectable<EmailOutboxTable>;

/** Renders a row of some `kind` just before sending (inside a short transaction), or says to skip it. */
export type OutboxRenderer = (trx: Transaction<Database>, row: OutboxRow, ctx: RenderContext) => Promise<RenderOutcome>;

export interface OutboxWorkerOptions {
  db: Db;
  clock: Clock;
  transport: MailTransport;
  /** `publicUrl` names the Message-ID's host and the base of links in notifications. */
  settings: { publicUrl: string };
  /** The From header (MAIL_FROM). */
  from?: string;
  /** How often to look for due rows when nobody calls `wake()`. */
  pollIntervalMs?: number;
  /** How long a claimed row stays ours; a worker that died mid-send loses it after this. */
  leaseMs?: number;
  /** Attempts before a row is given up as `dead`. */
  maxAttempts?: number;
  /** Delay after the first failure; doubles with each further one, up to `backoffMaxMs`. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Rows claimed per query. */
  batchSize?: number;
  /** Source of jitter in [0, 1); injected so tests can pin it. */
  random?: () => number;
  /** Renderers for row kinds that are not stored ready to send; `notification` by default. */
  renderers?: Record<string, OutboxRenderer>;
  log?: (line: string) => void;
}

export interface OutboxWorker {
  /** Polls every `pollIntervalMs` and sends what is due. */
  start(): void;
  /** Stops polling and waits for the row being sent, if any. */
  stop(): Promise<void>;
  /** Looks for due rows now, e.g. right after a commit that queued one. */
  wake(): void;
  /** Sends every row due now, sign-in mail first, one at a time, and resolves with how many were sent. */
  drain(): Promise<number>;
}

/**
 * The outbox is served in two lanes, each by its own loop, so mail someone
 * is waiting for never queues behind a burst of notifications. `sign-in`
 * holds rows stored ready to send (kind `email`: sign-in codes and links);
 * `notifications` holds everything rendered at send time (kind `notification`).
 */
export type OutboxLane = 'sign-in' | 'notifications';
export const OUTBOX_LANES: readonly OutboxLane[] = ['sign-in', 'notifications'];

/** Row statuses: pending → sending → sent | pending (retry) | dead; `cancelled` when rendering says skip. */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'dead' | 'cancelled';

/** The Message-ID of an outbox row: `<row-id@host-of-publicUrl>`. */
export function messageIdFor(rowId: string, publicUrl: string): string {
  let host = 'localhost';
  try {
    host = new URL(publicUrl).hostname || host;
  } catch {
    // keep localhost
  }
  return `<${rowId}@${host}>`;
}

/**
 * Delivers the email outbox, at least once per row, in two lanes (see
 * `OutboxLane`) that run side by side: a slow SMTP server sending a hundred
 * notifications does not hold back a sign-in code. A row is claimed with one
 * conditional UPDATE (status and due time re-checked in its WHERE), so two
 * workers — in one process or several, on SQLite or PostgreSQL — never both
 * own a row. Sending happens outside any transaction. A failure backs off
 * exponentially with jitter; after `maxAttempts` the row is `dead` with its
 * last error. A row left `sending` by a crash is due again when its lease
 * ends, and goes out with the same Message-ID, so a duplicate is recognisable.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const k = options.db.kysely;
  const { clock, transport } = options;
  const from = options.from ?? 'Support <support@localhost>';
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoffBaseMs = options.backoffBaseMs ?? 30_000;
  const backoffMaxMs = options.backoffMaxMs ?? 6 * 60 * 60_000;
  const batchSize = options.batchSize ?? 20;
  const random = options.random ?? Math.random;
  const renderers: Record<string, OutboxRenderer> = { notification: renderNotification, ...options.renderers };
  const log = options.log ?? ((line: string) => console.error(line));

  const iso = (ms: number) => new Date(ms).toISOString();

  /** Due: pending and its time has come, or sending with a lease that ran out. */
  const isDue = (now: string) => (eb: ExpressionBuilder<Database, 'email_outbox'>) =>
    eb.or([
      eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
      eb.and([eb('status', '=', 'sending'), eb('locked_until', '<=', now)]),
    ]);

  /** The rows of one lane. */
  const inLane = (lane: OutboxLane) => (eb: ExpressionBuilder<Database, 'email_outbox'>) =>
    lane === 'sign-in' ? eb('kind', '=', 'email') : eb('kind', '!=', 'email');

  async function claim(id: string): Promise<OutboxRow | null> {
    const nowMs = clock.now().getTime();
    const now = iso(nowMs);
    const row = await k
      .updateTable('email_outbox')
      .set((eb) => ({
        status: 'sending',
        locked_by: newId(),
        locked_until: iso(nowMs + leaseMs),
        attempts: eb('attempts', '+', 1),
        message_id: eb.fn.coalesce('message_id', eb.val(messageIdFor(id, options.settings.publicUrl))),
      }))
      .where('id', '=', id)
      .where(isDue(now))
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  /** Ends our claim on `row` with `changes`, unless our lease ran out and someone else took it. */
  async function finish(row: OutboxRow, changes: Updateable<EmailOutboxTable>) {
    const result = await k
      .updateTable('email_outbox')
      .set({ ...changes, locked_by: null, locked_until: null })
      .where('id', '=', row.id)
      .where('locked_by', '=', row.locked_by)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  function backoffMs(attempts: number): number {
    const full = Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.max(0, attempts - 1));
    // Half fixed, half random: retries from many rows spread out instead of arriving together.
    return Math.round(full / 2 + (random() * full) / 2);
  }

  /** Renders if needed, sends, and records the outcome. Resolves true when the row was sent. */
  async function deliver(row: OutboxRow): Promise<boolean> {
    const attempts = Number(row.attempts);
    if (attempts > maxAttempts) {
      // Claimed again and again without an outcome: each worker died while sending it.
      await finish(row, { status: 'dead', last_error: 'gave up: the worker stopped while sending, too many times' });
      return false;
    }
    let message: { to: string; subject: string; text: string; html: string; headers?: ThreadHeaders | undefined } = {
      to: row.to_address,
      subject: row.subject,
      text: row.text_body,
      html: row.html_body,
      headers: storedHeaders(row.headers),
    };
    try {
      const render = renderers[row.kind];
      if (render) {
        const outcome = await k.transaction().execute(async (trx) => {
          const result = await render(trx, row, {
            publicUrl: options.settings.publicUrl,
            now: clock.now().toISOString(),
          });
          if ('email' in result) {
            // Stored so the dev mailbox (and anyone debugging) sees what went out.
            await trx
              .updateTable('email_outbox')
              .set({
                to_address: result.email.to,
                subject: headerText(result.email.subject, 250),
                text_body: result.email.text,
                html_body: result.email.html,
                headers: result.email.headers ? JSON.stringify(result.email.headers) : null,
              })
              .where('id', '=', row.id)
              .where('locked_by', '=', row.locked_by)
              .execute();
          }
          return result;
        });
        if ('skip' in outcome) {
          await finish(row, { status: 'cancelled', last_error: outcome.skip });
          return false;
        }
        message = outcome.email;
      }
      await transport.send({
        from,
        to: message.to,
        subject: headerText(message.subject, 250),
        text: message.text,
        html: message.html,
        messageId: row.message_id ?? messageIdFor(row.id, options.settings.publicUrl),
        headers: message.headers,
      });
    } catch (err) {
      const error = headerText(err instanceof Error ? err.message : String(err), 1000);
      const dead = attempts >= maxAttempts;
      await finish(
        row,
        dead
          ? { status: 'dead', last_error: error }
          : { status: 'pending', last_error: error, next_attempt_at: iso(clock.now().getTime() + backoffMs(attempts)) },
      );
      log(`[mail] ${dead ? 'gave up on' : 'will retry'} ${row.id} (attempt ${attempts}): ${error}`);
      return false;
    }
    const recorded = await finish(row, {
      status: 'sent',
      sent_at: clock.now().toISOString(),
      transport: transport.name,
    });
    if (!recorded) log(`[mail] ${row.id} was sent after its lease ran out; it may go out twice (same Message-ID)`);
    return true;
  }

  async function drain(lane: OutboxLane, shouldStop: () => boolean = () => false): Promise<number> {
    const listDue = () =>
      k
        .selectFrom('email_outbox')
        .select('id')
        // Redundant with isDue, but lets SQLite seek the lane's index on (kind, status) (migration 0007).
        .where('status', 'in', ['pending', 'sending'])
        .where(isDue(clock.now().toISOString()))
        .where(inLane(lane))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(batchSize)
        .execute();
    return takeDue(
      listDue,
      async (id) => {
        const row = await claim(id);
        return row !== null && (await deliver(row));
      },
      shouldStop,
    );
  }

  const loops = createPolledLoops(
    OUTBOX_LANES.map((lane) => (shouldStop: () => boolean) => drain(lane, shouldStop)),
    pollIntervalMs,
    (error, index) => log(`[mail] outbox worker (${OUTBOX_LANES[index]}): ${errorText(error)}`),
  );

  return {
    ...loops,
    async drain() {
      let sent = 0;
      for (const lane of OUTBOX_LANES) sent += await drain(lane);
      return sent;
    },
  };
}

/** The headers column of a row stored ready to send (JSON written by us), if any. */
function storedHeaders(text: string | null): ThreadHeaders | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as ThreadHeaders) : undefined;
  } catch {
    return undefined;
  }
}
