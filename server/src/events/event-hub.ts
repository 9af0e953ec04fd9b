import type { Kysely } from 'kysely';
import type { Clock, Viewer } from '../app-env.js';
import type { Database } from '../db/schema.js';
import { findPortalById, type Portal } from '../portals/portals.repository.js';
import { currentViewer, eventsAfter } from './events.repository.js';
import { audienceOf, mayRead } from '../visibility/internal.js';
import { visibleTicketIds } from '../visibility/visibility.js';
import type { CommitSignal } from './commit-signal.js';

/** Events read per query while polling. */
const EVENTS_PAGE = 1000;

/** What a live-update subscriber is told: which ticket changed and how; it refetches what it shows. */
export interface TicketChange {
  id: string;
  ticketId: string;
  type: string;
  at: string;
}

export interface Subscriber {
  viewer: Viewer;
  /** The portal the stream is for; null for the console's staff stream (every ticket, internal events too). */
  portal: Portal | null;
  send(change: TicketChange): void;
  /** Called when the session ended or the portal went away; the stream should close. */
  end(): void;
}

export interface EventHub {
  /** Starts delivering changes to `subscriber`; returns the function that stops it. */
  subscribe(subscriber: Subscriber): () => void;
  /** Polls now; called meanwhile, polls once more after the one under way (so a commit it missed is read). */
  poll(): Promise<void>;
  stop(): void;
}

/**
 * Fans ticket events out to live connections. One poller per process reads
 * `ticket_events` (the history every change writes in its own transaction), so
 * it sees exactly what was committed, from any process. Each subscriber gets
 * only events of tickets the visibility rule lets it see, re-evaluated with the
 * current portal config on every batch; internal events only when `mayRead`.
 *
 * The poller runs only while someone listens. A look-back window catches
 * events whose transaction committed after a later-stamped one. With
 * `commits` it also polls as soon as ticket events are committed (in this
 * process on SQLite; on any instance through PostgreSQL LISTEN/NOTIFY), so a
 * change reaches its subscribers in milliseconds; the timed poll stays as the
 * fallback (another process on a SQLite file, a LISTEN connection that dropped).
 */
export function createEventHub(
  db: Kysely<Database>,
  clock: Clock,
  options: { pollMs?: number; lookbackMs?: number; commits?: CommitSignal; minGapMs?: number } = {},
): EventHub {
  const pollMs = options.pollMs ?? 1000;
  const lookbackMs = options.lookbackMs ?? 5000;
  const subscribers = new Set<Subscriber>();
  const delivered = new Map<string, number>();
  let since = clock.now().getTime();
  let timer: NodeJS.Timeout | null = null;
  let unwatch: (() => void) | null = null;
  let polling: Promise<void> | null = null;
  let again: Promise<void> | null = null;

  async function pollOnce(): Promise<void> {
    // Every event of the look-back window, page by page: with one page only, a burst of over a
    // page of events within the window kept each poll reading the same page, all delivered,
    // and live updates stopped (seen after 10 s of 330 creates a second).
    const rows: Awaited<ReturnType<typeof eventsAfter>> = [];
    let from = { at: new Date(since - lookbackMs).toISOString(), id: '' };
    for (;;) {
      const page = await eventsAfter(db, from, EVENTS_PAGE);
      rows.push(...page);
      const last = page.at(-1);
      if (page.length < EVENTS_PAGE || !last) break;
      from = { at: last.created_at, id: last.id };
    }
    const fresh = rows.filter((r) => !delivered.has(r.id));
    const nowMs = clock.now().getTime();
    for (const row of fresh) delivered.set(row.id, Date.parse(row.created_at));
    const last = rows[rows.length - 1];
    if (last) since = Math.max(since, Date.parse(last.created_at));
    for (const [id, at] of delivered)
      if (at < since - 2 * lookbackMs && at < nowMs - 2 * lookbackMs) delivered.delete(id);
    if (fresh.length === 0) return;

    const ticketIds = [...new Set(fresh.map((r) => r.ticket_id))];
    for (const subscriber of subscribers) {
      // Since the stream opened, the session may have ended, the customer may have
      // changed organization and the portal may have been reconfigured: re-read all three.
      const [viewer, portal] = await Promise.all([
        currentViewer(db, clock, subscriber.viewer),
        subscriber.portal ? findPortalById(db, subscriber.portal.id) : null,
      ]);
      const staffStream = subscriber.portal === null;
      // A staff stream ends when its viewer is no longer staff; a portal stream when its portal goes away.
      const gone = staffStream ? !viewer || viewer.role === 'customer' : !viewer || !portal || !portal.config.enabled;
      if (gone || !viewer) {
        subscribers.delete(subscriber);
        subscriber.end();
        continue;
      }
      subscriber.viewer = viewer;
      if (portal) subscriber.portal = portal;
      // The staff stream sees every ticket; a portal's stream what the rule lets its viewer see there.
      const allowed = portal
        ? await visibleTicketIds(db, subscriber.viewer, portal.config, ticketIds)
        : new Set(ticketIds);
      const audience = audienceOf(subscriber.viewer);
      for (const row of fresh) {
        if (!allowed.has(row.ticket_id) || !mayRead(audience, row)) continue;
        subscriber.send({ id: row.id, ticketId: row.ticket_id, type: row.type, at: row.created_at });
      }
    }
  }

  function poll(): Promise<void> {
    // One poll at a time. Callers arriving meanwhile share one more poll after it: the running
    // one may have read before their commit.
    if (polling) {
      const rerun = () => {
        again = null;
        return poll();
      };
      again ??= polling.then(rerun, rerun);
      return again;
    }
    polling = pollOnce().finally(() => {
      polling = null;
    });
    return polling;
  }

  // Under a stream of writes a poll per commit would re-read the look-back window each time:
  // polls asked for by commits start at most once per `minGapMs`.
  const minGapMs = options.minGapMs ?? 20;
  let lastSoon = -Infinity;
  let soon: NodeJS.Timeout | null = null;
  function pollSoon(): void {
    if (soon) return;
    const run = () => {
      soon = null;
      lastSoon = performance.now();
      poll().catch((err: unknown) => console.error('live updates: poll failed', err));
    };
    const wait = lastSoon + minGapMs - performance.now();
    if (wait <= 0) run();
    else soon = setTimeout(run, wait);
  }

  function stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
    if (soon) clearTimeout(soon);
    soon = null;
    unwatch?.();
    unwatch = null;
  }

  return {
    subscribe(subscriber) {
      subscribers.add(subscriber);
      if (!timer) {
        since = Math.max(since, clock.now().getTime());
        timer = setInterval(() => {
          poll().catch((err: unknown) => console.error('live updates: poll failed', err));
        }, pollMs);
        timer.unref();
        unwatch = options.commits?.watch(pollSoon) ?? null;
      }
      return () => {
        subscribers.delete(subscriber);
        if (subscribers.size === 0) stop();
      };
    },
    poll,
    stop,
  };
}
