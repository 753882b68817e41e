// A small FIFO semaphore bounding the resolver's in-flight network queries.
import { onAbort } from './abort.js';

export class Semaphore {
  #available: number;
  readonly #waiting: Array<() => void> = [];
  #inUse = 0;
  #peak = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`semaphore capacity must be a positive integer, got ${capacity}`);
    this.#available = capacity;
  }

  /** Slots in use now, and the most ever in use at once. */
  get inUse(): number {
    return this.#inUse;
  }
  get peak(): number {
    return this.#peak;
  }

  /** Resolves `true` with a slot taken, or `false` if `signal` aborted first (no slot taken). */
  acquire(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (this.#available > 0) {
      this.#take();
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const grant = (): void => {
        dispose();
        this.#take();
        resolve(true);
      };
      const dispose = onAbort(signal, () => {
        const i = this.#waiting.indexOf(grant);
        if (i >= 0) this.#waiting.splice(i, 1);
        resolve(false);
      });
      this.#waiting.push(grant);
    });
  }

  release(): void {
    this.#inUse--;
    this.#available++;
    this.#waiting.shift()?.();
  }

  #take(): void {
    this.#available--;
    this.#inUse++;
    if (this.#inUse > this.#peak) this.#peak = this.#inUse;
  }
}
