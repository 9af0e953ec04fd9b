/**
 * A lock handed from each holder directly to the longest waiter: nobody
 * arriving later can take it first, and a release wakes exactly one waiter.
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
    if (next) next();
    else this.#held = false;
  }
}
