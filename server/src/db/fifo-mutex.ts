/**
 * A lock handed from each holder directly to the longest waiter: nobody
 * arriving later can take it first, and a release wakes exactly one waiter.
 * The waiter runs on a turn of the event loop of its own: handed on within the
 * same turn, a queue of holders whose work never waits on I/O (better-sqlite3
 * answers synchronously) would run one after another without the loop ever
 * reading a socket, a stall of the whole queue's length.
 */
export class FifoMutex {
  #held = false;
  readonly #waiters: (() => void)[] = [];

  /** Resolves when the caller holds the lock. */
  lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** How many callers wait for the lock now. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Passes the lock to the next waiter, or frees it. */
  unlock(): void {
    const next = this.#waiters.shift();
    if (next) setImmediate(next);
    else this.#held = false;
  }
}
