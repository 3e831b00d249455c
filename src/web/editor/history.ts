/** How many steps back undo can go. */
export const HISTORY_LIMIT = 100;

/**
 * Undo/redo over immutable snapshots. `record(previous, key)` is called before a change
 * with the state it replaces; consecutive records with the same `key` (typing in one field,
 * a drag) within `mergeMs` fold into one step, so undo takes back a word, not a letter.
 */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  private lastKey: string | null = null;
  private lastAt = 0;

  constructor(
    private readonly limit = HISTORY_LIMIT,
    private readonly mergeMs = 1_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  record(previous: T, key: string | null = null): void {
    const at = this.now();
    const merge = key !== null && key === this.lastKey && at - this.lastAt < this.mergeMs;
    this.lastKey = key;
    this.lastAt = at;
    this.future = [];
    if (merge) return;
    this.past.push(previous);
    if (this.past.length > this.limit) this.past.shift();
  }

  /** The state to show after undoing, given the current one; null when there is nothing to undo. */
  undo(current: T): T | null {
    const previous = this.past.pop();
    if (previous === undefined) return null;
    this.future.push(current);
    this.lastKey = null;
    return previous;
  }

  redo(current: T): T | null {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push(current);
    this.lastKey = null;
    return next;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  clear(): void {
    this.past = [];
    this.future = [];
    this.lastKey = null;
  }
}
