// The resolver's semaphore: FIFO grants, the capacity bound, abortable waits.
import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/dns/semaphore.js';

describe('Semaphore', () => {
  it('grants up to capacity, then in FIFO order as slots are released', async () => {
    const semaphore = new Semaphore(2);
    const order: number[] = [];
    expect(await semaphore.acquire()).toBe(true);
    expect(await semaphore.acquire()).toBe(true);
    const waiting = [3, 4].map((n) => semaphore.acquire().then((ok) => ok && order.push(n)));
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(semaphore.inUse).toBe(2);
    semaphore.release();
    semaphore.release();
    await Promise.all(waiting);
    expect(order).toEqual([3, 4]);
    expect(semaphore.peak).toBe(2);
  });

  it('an aborted wait takes no slot', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
    semaphore.release();
    expect(semaphore.inUse).toBe(0);
    expect(await semaphore.acquire(AbortSignal.abort())).toBe(false);
  });

  it('refuses a capacity below one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
