/**
 * Runs at most `limit` tasks at once; the rest wait in FIFO order. The monitor uses it so
 * 500 targets never mean 500 sockets opened in the same instant.
 */
export class ConcurrencyPool {
  readonly #queue: Array<() => void> = [];
  readonly #idleWaiters: Array<() => void> = [];
  #active = 0;
  #peak = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`pool limit must be a positive integer, got ${limit}`);
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#queue.length;
  }

  /** The most tasks ever running at once — what the benchmark checks against the limit. */
  get peak(): number {
    return this.#peak;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.#active++;
        this.#peak = Math.max(this.#peak, this.#active);
        task()
          .then(resolve, reject)
          .finally(() => {
            this.#active--;
            const next = this.#queue.shift();
            if (next) next();
            else if (this.#active === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
          });
      };
      if (this.#active < this.limit) start();
      else this.#queue.push(start);
    });
  }

  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (this.#active === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
