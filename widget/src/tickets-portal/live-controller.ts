import { ContextProvider } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import type { ApiClient } from '../api/client.js';
import { LiveUpdates, type TicketChange } from '../api/live-updates.js';
import { changesContext } from '../context/changes-context.js';

/**
 * Live updates: one server-sent event stream while `watched()` names a client
 * (someone signed in is looking), closed otherwise. A burst of changes is
 * passed on as one batch (changesContext) 50 ms after its first; a reconnect
 * passes on "anything may have changed".
 */
export class LiveController implements ReactiveController {
  private readonly changes: ContextProvider<typeof changesContext>;
  private live?: LiveUpdates;
  private seq = 0;
  /** Tickets named by live updates not yet passed on; `all` after a reconnect. */
  private pending?: Set<string> | 'all';
  private flushTimer?: ReturnType<typeof setTimeout>;

  constructor(
    host: ReactiveElement,
    private readonly watched: () => ApiClient | undefined,
  ) {
    this.changes = new ContextProvider(host, { context: changesContext });
    host.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.sync();
  }

  hostUpdated(): void {
    this.sync();
  }

  private sync(): void {
    const client = this.watched();
    if (this.live && this.live.api !== client) {
      this.live.stop();
      this.live = undefined;
    }
    if (client && !this.live) {
      this.live = new LiveUpdates(client, this.handleChange);
      this.live.start();
    }
  }

  private handleChange = (change: TicketChange | null): void => {
    const pending = this.pending;
    if (!change) this.pending = 'all';
    else if (pending !== 'all') this.pending = (pending ?? new Set<string>()).add(change.ticketId);
    this.flushTimer ??= setTimeout(() => {
      const pending = this.pending;
      this.pending = this.flushTimer = undefined;
      this.changes.setValue({ seq: ++this.seq, ticketIds: pending instanceof Set ? [...pending] : null });
    }, 50);
  };
}
