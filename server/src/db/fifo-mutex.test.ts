import { describe, expect, it } from 'vitest';
import { FifoMutex } from './fifo-mutex.js';

describe('FifoMutex', () => {
  it('hands the lock to waiters in arrival order, ahead of later arrivals', async () => {
    const mutex = new FifoMutex();
    const order: string[] = [];
    await mutex.lock();
    const waiters = ['a', 'b', 'c'].map((name) =>
      mutex.lock().then(() => {
        order.push(name);
        mutex.unlock();
      }),
    );
    mutex.unlock();
    // Arrives after the release, before the first waiter has run: must queue behind a, b and c.
    const late = mutex.lock().then(() => {
      order.push('late');
      mutex.unlock();
    });
    await Promise.all([...waiters, late]);
    expect(order).toEqual(['a', 'b', 'c', 'late']);
  });

  it('is free again once every holder has released it', async () => {
    const mutex = new FifoMutex();
    await mutex.lock();
    mutex.unlock();
    let taken = false;
    void mutex.lock().then(() => (taken = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(taken).toBe(true);
  });

  it('starts one holder per turn of the event loop, so timers and sockets get turns between holders', async () => {
    const mutex = new FifoMutex();
    const turns: number[] = [];
    let turn = 0;
    // Counts turns of the loop: an immediate set from an immediate runs on the next turn.
    let counting = true;
    const tick = () => {
      turn += 1;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    await new Promise((resolve) => setImmediate(resolve));
    // Five callbacks of one turn (as five requests read from five sockets), each holding the
    // lock briefly: each finds it free, released by the one before.
    await Promise.all(
      Array.from(
        { length: 5 },
        () =>
          new Promise<void>((done) =>
            setImmediate(
              () =>
                void mutex.lock().then(() => {
                  turns.push(turn);
                  mutex.unlock();
                  done();
                }),
            ),
          ),
      ),
    );
    counting = false;
    // Taken whenever free, all five would have held it in the same turn.
    expect(new Set(turns).size).toBe(5);
  });
});
