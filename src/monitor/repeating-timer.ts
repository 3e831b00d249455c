import type { Clock, TimerHandle } from './clock.js';

/**
 * A job the monitor repeats while it runs (re-reading targets, compacting history, the
 * lease cycle): armed again after each run, so a slow run never overlaps the next; an
 * async run re-arms when it ends, if the monitor still runs.
 */
export class RepeatingTimer {
  #timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    /** Read at each arming: a new interval applies from the next run. */
    private readonly everyMs: () => number,
    private readonly running: () => boolean,
    private readonly run: () => void | Promise<void>,
  ) {}

  start(): void {
    this.#timer = this.clock.setTimeout(() => {
      if (!this.running()) return;
      const done = this.run();
      if (done === undefined) this.start();
      else
        void done.finally(() => {
          if (this.running()) this.start();
        });
    }, this.everyMs());
  }

  stop(): void {
    if (this.#timer) this.clock.clearTimeout(this.#timer);
  }
}
