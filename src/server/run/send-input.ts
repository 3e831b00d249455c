import type { HttpMethod } from '../../model/workflow.js';

export interface RunAnswer {
  status: number;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: unknown;
  durationMs: number;
  /** From a `500 {"error", "workflow", "node"}` answer: what failed and where. */
  failure: { error: string; workflow: string | null; node: string | null } | null;
}

const TIMEOUT_MS = 330_000; // above the longest call timeout a workflow may set (300 s)

/** Query parameters for a GET trigger: scalars as text, anything else as JSON. */
function queryOf(input: unknown): string {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(input)) {
    params.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function failureOf(status: number, body: unknown): RunAnswer['failure'] {
  if (status < 400 || body === null || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  if (typeof b['error'] !== 'string') return null;
  return {
    error: b['error'],
    workflow: typeof b['workflow'] === 'string' ? b['workflow'] : null,
    node: typeof b['node'] === 'string' ? b['node'] : null,
  };
}

/** Sends the test input to a workflow's route the way a client of the app would. */
export async function sendInput(
  baseUrl: string,
  endpoint: { method: HttpMethod; path: string },
  input: unknown,
): Promise<RunAnswer> {
  const started = performance.now();
  const get = endpoint.method === 'GET';
  const response = await fetch(`${baseUrl}${endpoint.path}${get ? queryOf(input) : ''}`, {
    method: endpoint.method,
    ...(get ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}) }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = parse(await response.text());
  return {
    status: response.status,
    body,
    durationMs: Math.round(performance.now() - started),
    failure: failureOf(response.status, body),
  };
}
