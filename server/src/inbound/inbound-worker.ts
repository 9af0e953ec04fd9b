import { createPolledLoops, errorText, takeDue } from '../mail/polled-loops.js';
import { isDue, processInbound, type InboundProcessorDeps } from './process-inbound.js';

export interface InboundWorker {
  /** Polls every `pollIntervalMs` and processes what is due. */
  start(): void;
  /** Stops polling and waits for the email being processed, if any. */
  stop(): Promise<void>;
  /** Looks for due rows now, e.g. right after a transport stored one. */
  wake(): void;
  /** Processes every row due now, one at a time; resolves with how many it took. */
  drain(): Promise<number>;
}

/**
 * Processes stored inbound email in the background, oldest first. Rows are
 * claimed one by one with a lease (process-inbound.ts), so several workers,
 * in one process or several, share the table safely; a row left by a crash
 * is due again when its lease ends.
 */
export function createInboundWorker(
  deps: InboundProcessorDeps,
  options: { pollIntervalMs?: number; onProcessed?: () => void; log?: (line: string) => void } = {},
): InboundWorker {
  const pollIntervalMs = options.pollIntervalMs ?? 10_000;
  const log = options.log ?? ((line: string) => console.error(line));

  async function drain(shouldStop: () => boolean = () => false): Promise<number> {
    const listDue = () =>
      deps.db
        .selectFrom('inbound_messages')
        .select('id')
        .where(isDue(deps.clock.now().toISOString()))
        .orderBy('received_at')
        .orderBy('id')
        .limit(20)
        .execute();
    return takeDue(
      listDue,
      async (id) => {
        const status = await processInbound(deps, id);
        if (status === null) return false;
        if (status === 'failed' || status === 'pending') log(`[inbound] ${id}: ${status}`);
        options.onProcessed?.();
        return true;
      },
      shouldStop,
    );
  }

  const loops = createPolledLoops([drain], pollIntervalMs, (error) => log(`[inbound] worker: ${errorText(error)}`));
  return { ...loops, drain: () => drain() };
}
