import type { Clock } from './clock.js';
import type { MonitorLogger } from './logger.js';
import type { StatusChange } from './types.js';

export interface WebhookOptions {
  url: string;
  clock: Clock;
  logger: MonitorLogger;
  timeoutMs?: number;
  /** Waits before each retry; the length is the number of retries. */
  retryDelaysMs?: readonly number[];
  /** Changes waiting beyond this are dropped (with a warning) rather than piling up. */
  maxQueued?: number;
}

/** The JSON body POSTed for each status change. */
export interface WebhookPayload {
  type: 'catalyst.health.status-changed';
  projectId: string;
  targetId: string;
  url: string | null;
  from: string;
  to: string;
  reason: string;
  at: string;
}

export function webhookPayload(change: StatusChange): WebhookPayload {
  return {
    type: 'catalyst.health.status-changed',
    projectId: change.projectId,
    targetId: change.targetId,
    url: change.url,
    from: change.from,
    to: change.to,
    reason: change.reason,
    at: new Date(change.at).toISOString(),
  };
}

/**
 * Delivers status changes to a workspace's webhook, one at a time and in order. A failed
 * delivery is retried a few times, then logged and dropped: a dead receiver must never
 * stall the monitor or grow its memory.
 */
export class WebhookNotifier {
  readonly #opts: Required<WebhookOptions>;
  readonly #queue: StatusChange[] = [];
  #draining: Promise<void> | null = null;
  #delivered = 0;
  #failed = 0;

  constructor(options: WebhookOptions) {
    this.#opts = { timeoutMs: 5_000, retryDelaysMs: [1_000, 5_000], maxQueued: 100, ...options };
  }

  get stats(): { delivered: number; failed: number; queued: number } {
    return { delivered: this.#delivered, failed: this.#failed, queued: this.#queue.length };
  }

  notify(change: StatusChange): void {
    if (this.#queue.length >= this.#opts.maxQueued) {
      const dropped = this.#queue.shift()!;
      this.#failed++;
      this.#opts.logger.warn(
        `webhook ${this.#opts.url} is not keeping up; dropped the change of ${dropped.projectId}/${dropped.targetId} ` +
          `(${dropped.from} → ${dropped.to})`,
      );
    }
    this.#queue.push(change);
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = null;
    });
  }

  /** Resolves when every queued change was delivered or given up on. */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    for (let change = this.#queue.shift(); change; change = this.#queue.shift()) {
      await this.#deliver(change);
    }
  }

  async #deliver(change: StatusChange): Promise<void> {
    const body = JSON.stringify(webhookPayload(change));
    const attempts = this.#opts.retryDelaysMs.length + 1;
    let lastError = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      lastError = await this.#post(body);
      if (!lastError) {
        this.#delivered++;
        return;
      }
      const delay = this.#opts.retryDelaysMs[attempt - 1];
      if (delay !== undefined) await this.#sleep(delay);
    }
    this.#failed++;
    this.#opts.logger.warn(
      `could not notify webhook ${this.#opts.url} of ${change.projectId}/${change.targetId} ` +
        `(${change.from} → ${change.to}): ${lastError}; gave up after ${attempts === 1 ? '1 attempt' : `${attempts} attempts`}`,
    );
  }

  /** One POST; returns '' on success, else what went wrong. */
  async #post(body: string): Promise<string> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = this.#opts.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#opts.timeoutMs);
    try {
      const response = await fetch(this.#opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'catalyst-monitor' },
        body,
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? '' : `HTTP ${response.status}`;
    } catch (err) {
      if (timedOut) return `no answer within ${this.#opts.timeoutMs} ms`;
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      return cause?.code ?? cause?.message ?? String(err);
    } finally {
      this.#opts.clock.clearTimeout(timer);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#opts.clock.setTimeout(resolve, ms));
  }
}
