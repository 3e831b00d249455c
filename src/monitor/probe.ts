import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock } from './clock.js';
import { parseHealthBody } from './health-body.js';

/** What one `GET <url>/health` found. Field names match the stored sample. */
export interface ProbeResult {
  /** When the check started (epoch ms, from the injected clock). */
  at: number;
  /** The app answered: a 2xx, or any status with a parseable health body (e.g. 503 + `{"status":"degraded"}`). */
  ok: boolean;
  httpStatus: number | null;
  latencyMs: number;
  /** `status` from the health body; null when the body was not health JSON. */
  reportedStatus: string | null;
  requestsTotal: number | null;
  requestsErrors: number | null;
  /** The app's own uptime in seconds — a drop means it restarted (counters reset). */
  appUptime: number | null;
  /** Why the check failed (or why the body was unusable), in words a user can act on. */
  error: string | null;
}

export interface ProbeOptions {
  clock: Clock;
  timeoutMs: number;
  /** Aborts the check early (the monitor stopping); the result then says so. */
  signal?: AbortSignal;
}

/** A health answer is tiny; cap what we read so a misconfigured URL cannot flood memory. */
const MAX_BODY_BYTES = 64 * 1024;

export function healthUrl(baseUrl: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL('health', base).toString();
}

/**
 * Checks one target once. Never throws: every failure becomes a failed result.
 *
 * Each check opens a fresh connection (no keep-alive pool): a check then measures what a
 * new client meets, and a connection the app closed while idle can never masquerade as
 * the app being down.
 */
export async function probeHealth(baseUrl: string, options: ProbeOptions): Promise<ProbeResult> {
  const { clock, timeoutMs, signal } = options;
  const result: ProbeResult = {
    at: clock.now(),
    ok: false,
    httpStatus: null,
    latencyMs: 0,
    reportedStatus: null,
    requestsTotal: null,
    requestsErrors: null,
    appUptime: null,
    error: null,
  };
  let url: URL;
  try {
    url = new URL(healthUrl(baseUrl));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('unsupported protocol');
  } catch {
    result.error = 'invalid URL';
    return result;
  }

  const started = clock.monotonic();
  const controller = new AbortController();
  let timedOut = false;
  const timer = clock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const cancel = () => controller.abort();
  signal?.addEventListener('abort', cancel, { once: true });
  if (signal?.aborted) controller.abort();
  try {
    const { status, text } = await get(url, controller.signal);
    result.latencyMs = Math.max(0, Math.round(clock.monotonic() - started));
    result.httpStatus = status;
    const body = text === null ? undefined : parseHealthBody(text);
    if (body) {
      result.reportedStatus = body.status;
      result.requestsTotal = body.requests?.total ?? null;
      result.requestsErrors = body.requests?.errors ?? null;
      result.appUptime = body.uptime ?? null;
    }
    result.ok = (status >= 200 && status < 300) || body !== undefined;
    if (!result.ok) result.error = `HTTP ${status} from ${url}`;
    else if (!body) result.error = 'the answer is not the health JSON of a Catalyst app';
  } catch (err) {
    result.latencyMs = Math.max(0, Math.round(clock.monotonic() - started));
    result.error = timedOut
      ? `no answer within ${formatDuration(timeoutMs)}`
      : signal?.aborted
        ? 'check cancelled'
        : describeError(err);
  } finally {
    clock.clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
  return result;
}

/** GET with a fresh connection; `text` is null when the body was larger than the cap. */
function get(url: URL, signal: AbortSignal): Promise<{ status: number; text: string | null }> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        agent: false,
        signal,
        headers: {
          accept: 'application/json',
          'user-agent': 'catalyst-monitor',
          'cache-control': 'no-cache',
        },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let capped = false;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            capped = true;
            res.destroy();
            resolve({ status: res.statusCode ?? 0, text: null });
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (err) => {
          if (!capped) reject(err);
        });
        // The app dropped the connection mid-answer (an error may or may not come first).
        res.on('close', () => {
          if (!capped && !res.complete) {
            reject(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' }));
          }
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

const ERROR_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPROTO: 'TLS handshake failed',
  CERT_HAS_EXPIRED: 'TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain is self-signed',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host name',
  HPE_INVALID_CONSTANT: 'the answer is not HTTP',
};

/** Turns a socket/TLS error into a short phrase. */
function describeError(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && ERROR_CODES[code]) return ERROR_CODES[code];
  return err instanceof Error && err.message ? err.message : 'request failed';
}
