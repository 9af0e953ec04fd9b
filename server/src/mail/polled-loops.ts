/** What a queue worker does between polls; its own `drain()` stays with it. */
export interface PolledLoops {
  /** Polls every `pollIntervalMs` and runs every loop. */
  start(): void;
  /** Stops polling and waits for the loops running now, if any. */
  stop(): Promise<void>;
  /** Runs every loop now (if started), e.g. right after a commit that queued a row. */
  wake(): void;
}

/** One pass over a queue; it returns early once `shouldStop()` says so. */
export type DrainPass = (shouldStop: () => boolean) => Promise<unknown>;

/**
 * Background loops over queues (the outbox's lanes, inbound email). Each loop
 * runs one pass at a time: a wake-up while it runs asks it to look again once
 * done, so nothing queued meanwhile waits for the next poll. A failed pass is
 * reported through `onError(error, index)` and the next poll tries again.
 */
export function createPolledLoops(
  passes: readonly DrainPass[],
  pollIntervalMs: number,
  onError: (error: unknown, index: number) => void,
): PolledLoops {
  let timer: ReturnType<typeof setInterval> | null = null;
  /** Per loop: the pass running, if any, and whether it must look again once done. */
  const loops = passes.map(() => ({ running: null as Promise<unknown> | null, again: false }));
  let stopping = false;

  function kick(index: number): void {
    const loop = loops[index]!;
    if (loop.running) {
      loop.again = true;
      return;
    }
    loop.running = passes[index]!(() => stopping)
      .catch((error: unknown) => onError(error, index))
      .finally(() => {
        loop.running = null;
        if (loop.again && !stopping) {
          loop.again = false;
          kick(index);
        }
      });
  }

  const kickAll = () => {
    for (let index = 0; index < loops.length; index += 1) kick(index);
  };

  return {
    start() {
      if (timer) return;
      stopping = false;
      timer = setInterval(kickAll, pollIntervalMs);
      timer.unref?.();
      kickAll();
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = null;
      for (const loop of loops) loop.again = false;
      await Promise.all(loops.map((loop) => loop.running));
    },
    wake() {
      if (timer && !stopping) kickAll();
    },
  };
}

/** The message of whatever a pass threw, for a log line. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One pass over a queue: lists the rows due, batch after batch, and takes
 * each one not tried yet in this pass, until none is left or `shouldStop()`.
 * A row that failed just now is not due again, but one skipped by a race
 * could be listed twice. Resolves with how many rows `take` said it took.
 */
export async function takeDue(
  listDue: () => Promise<{ id: string }[]>,
  take: (id: string) => Promise<boolean>,
  shouldStop: () => boolean,
): Promise<number> {
  let taken = 0;
  const tried = new Set<string>();
  for (;;) {
    const fresh = (await listDue()).filter((d) => !tried.has(d.id));
    if (fresh.length === 0) return taken;
    for (const { id } of fresh) {
      if (shouldStop()) return taken;
      tried.add(id);
      if (await take(id)) taken += 1;
    }
  }
}
