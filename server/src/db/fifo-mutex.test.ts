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
    await Promise.resolve();
    expect(taken).toBe(true);
  });
});
