import type { Clock } from '../app-env.js';

/** How long a heartbeat keeps someone "viewing" a ticket; the console beats well within it. */
export const PRESENCE_TTL_MS = 30_000;

export interface PresentAgent {
  id: string;
  name: string;
  /** True while they have text in the reply box. */
  composing: boolean;
  since: string;
  lastSeen: string;
}

/**
 * Who has which ticket open in the console, from their heartbeats. Held in
 * this process's memory: right for one server instance (which is how the
 * product runs); several instances would each see only their own viewers.
 * Entries older than `PRESENCE_TTL_MS` count as gone.
 */
export class TicketPresence {
  private readonly tickets = new Map<
    string,
    Map<string, { name: string; composing: boolean; since: number; lastSeen: number }>
  >();

  constructor(private readonly clock: Clock) {}

  /** Records that `user` has `ticketId` open (and whether they are writing); answers the others there now. */
  beat(ticketId: string, user: { id: string; name: string }, composing: boolean): PresentAgent[] {
    const now = this.clock.now().getTime();
    this.sweep(now);
    let viewers = this.tickets.get(ticketId);
    if (!viewers) {
      viewers = new Map();
      this.tickets.set(ticketId, viewers);
    }
    const known = viewers.get(user.id);
    viewers.set(user.id, { name: user.name, composing, since: known?.since ?? now, lastSeen: now });
    return this.others(ticketId, user.id);
  }

  /** `user` closed the ticket. */
  leave(ticketId: string, userId: string): void {
    const viewers = this.tickets.get(ticketId);
    viewers?.delete(userId);
    if (viewers?.size === 0) this.tickets.delete(ticketId);
  }

  /** Everyone but `userId` with the ticket open, the longest-present first. */
  others(ticketId: string, userId: string): PresentAgent[] {
    const now = this.clock.now().getTime();
    const viewers = this.tickets.get(ticketId);
    if (!viewers) return [];
    return [...viewers]
      .filter(([id, v]) => id !== userId && now - v.lastSeen <= PRESENCE_TTL_MS)
      .sort(([, a], [, b]) => a.since - b.since)
      .map(([id, v]) => ({
        id,
        name: v.name,
        composing: v.composing,
        since: new Date(v.since).toISOString(),
        lastSeen: new Date(v.lastSeen).toISOString(),
      }));
  }

  /** Drops heartbeats past their time, so memory follows the people actually present. */
  private sweep(now: number): void {
    for (const [ticketId, viewers] of this.tickets) {
      for (const [id, v] of viewers) if (now - v.lastSeen > PRESENCE_TTL_MS) viewers.delete(id);
      if (viewers.size === 0) this.tickets.delete(ticketId);
    }
  }
}
