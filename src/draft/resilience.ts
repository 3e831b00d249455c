import { CatalystError } from '../errors.js';

/** Statuses worth another try: rate limited, server errors, Anthropic's 529 "overloaded". */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 529]);
/** Tries in all, the first included. */
export const MAX_TRIES = 4;
/** Consecutive failed tries that open the breaker, and how long it stays open. */
export const BREAKER_THRESHOLD = 5;
export const BREAKER_OPEN_MS = 60_000;
/** A `retry-after` longer than this is capped: the user is waiting at a terminal. */
const MAX_RETRY_AFTER_MS = 60_000;

interface BreakerState {
  failures: number;
  openUntil: number;
}

/**
 * One breaker per API endpoint, kept for the life of the process: the CLI makes a handful
 * of calls, but the studio keeps drafting from one process, and a dead API should fail
 * fast there instead of making every user wait through four tries.
 */
const breakers = new Map<string, BreakerState>();

export interface PostRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
  /** First retry delay; doubles per try, with jitter. */
  backoffMs: number;
  /** Names the API in messages (`anthropic`). */
  label: string;
  signal?: AbortSignal;
  /** Told before each wait, so progress can say why nothing happens. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export interface RawResponse {
  status: number;
  text: string;
}

/**
 * POSTs JSON and returns the answer, retrying what is worth retrying (RETRY_STATUSES,
 * connection errors, timeouts) up to MAX_TRIES with exponential backoff and jitter,
 * honouring `retry-after`. Any other answer (2xx or 4xx) is returned for the caller to read.
 */
export async function postWithRetry(request: PostRequest): Promise<RawResponse> {
  const key = new URL(request.url).origin + new URL(request.url).pathname;
  let lastReason = '';
  for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
    assertBreakerClosed(key, request.label);
    const outcome = await tryOnce(request);
    if (outcome.kind === 'answer' && !RETRY_STATUSES.has(outcome.status)) {
      breakers.delete(key); // the API answered: it is up, whatever it said
      return { status: outcome.status, text: outcome.text };
    }
    lastReason = outcome.kind === 'answer' ? `HTTP ${outcome.status}${brief(outcome.text)}` : outcome.reason;
    recordFailure(key);
    if (attempt === MAX_TRIES) break;
    const delayMs =
      outcome.kind === 'answer' && outcome.retryAfterMs !== undefined
        ? outcome.retryAfterMs
        : backoff(request.backoffMs, attempt);
    request.onRetry?.({ attempt, delayMs, reason: lastReason });
    await sleep(delayMs, request.signal);
  }
  throw new CatalystError(
    'io_failed',
    `The ${request.label} API at ${new URL(request.url).origin} failed ${MAX_TRIES} times (last: ${lastReason}); try again later.`,
  );
}

type Outcome =
  | { kind: 'answer'; status: number; text: string; retryAfterMs?: number }
  | { kind: 'failed'; reason: string };

async function tryOnce(request: PostRequest): Promise<Outcome> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      signal,
    });
    const text = await response.text();
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return {
      kind: 'answer',
      status: response.status,
      text,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  } catch (error) {
    if (request.signal?.aborted) throw new CatalystError('invalid_input', 'Drafting was cancelled.');
    if (timeout.aborted) return { kind: 'failed', reason: `no answer within ${request.timeoutMs} ms` };
    return { kind: 'failed', reason: connectionReason(error) };
  }
}

/** `fetch` hides the socket error in `cause`: ECONNREFUSED is more useful than "fetch failed". */
function connectionReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `connection error ${cause.code}`;
  return `connection error: ${cause?.message ?? (error as Error).message}`;
}

/** Seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds))
    return seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

/** Exponential with "equal jitter": half the step fixed, half random, so parallel clients spread out. */
function backoff(baseMs: number, attempt: number): number {
  const step = baseMs * 2 ** (attempt - 1);
  return Math.round(step / 2 + Math.random() * (step / 2));
}

function assertBreakerClosed(key: string, label: string): void {
  const state = breakers.get(key);
  if (!state || state.openUntil === 0) return;
  const left = state.openUntil - Date.now();
  if (left <= 0) {
    // Half-open: one try goes through; its failure opens the breaker again at once.
    state.openUntil = 0;
    state.failures = BREAKER_THRESHOLD - 1;
    return;
  }
  throw new CatalystError(
    'io_failed',
    `The ${label} API failed ${BREAKER_THRESHOLD} times in a row, so Catalyst stops calling it for ${Math.ceil(left / 1000)} s (circuit breaker); try again then.`,
  );
}

function recordFailure(key: string): void {
  const state = breakers.get(key) ?? { failures: 0, openUntil: 0 };
  state.failures += 1;
  if (state.failures >= BREAKER_THRESHOLD) state.openUntil = Date.now() + BREAKER_OPEN_MS;
  breakers.set(key, state);
}

function brief(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim().slice(0, 160);
  return line ? `: ${line}` : '';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CatalystError('invalid_input', 'Drafting was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
