import type { ApiErrorBody, ApiProblem } from '../../server/contract.js';

/** A refused API call, carrying the server's message and per-field problems. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly problems: ApiProblem[] = [],
    readonly code: string | null = null,
    /** On a refused stale write: the version on disk now. */
    readonly currentVersion: string | null = null,
  ) {
    super(message);
  }

  /** The write was based on a version that changed on disk meanwhile (409 with the new version). */
  get isStale(): boolean {
    return this.status === 409 && this.currentVersion !== null;
  }

  /** The message for one form field, matched on the problem's field or last path segment. */
  fieldMessage(field: string): string | null {
    const hit = this.problems.find((p) => p.field === field || p.path.split('.').at(-1) === field);
    return hit?.message ?? null;
  }
}

/** Builds an ApiError from a non-2xx response, whatever its body turns out to be. */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: Partial<ApiErrorBody> = {};
  try {
    body = JSON.parse(text) as Partial<ApiErrorBody>;
  } catch {
    // not JSON: a proxy or a crashed server; fall through to the status text
  }
  const message =
    typeof body.error === 'string' && body.error !== ''
      ? body.error
      : `Request failed: ${response.status} ${response.statusText}`.trim();
  return new ApiError(
    response.status,
    message,
    Array.isArray(body.problems) ? body.problems : [],
    body.code ?? null,
    typeof body.version === 'string' ? body.version : null,
  );
}

/**
 * Per-field messages of any error, for a form with `fields`; a problem about a field the
 * form does not show (or a non-API error) lands on `_form`, so no message is ever lost.
 */
export function fieldErrors(error: unknown, fields?: readonly string[]): Record<string, string> {
  if (!(error instanceof ApiError)) return { _form: error instanceof Error ? error.message : String(error) };
  const out: Record<string, string> = {};
  for (const p of error.problems) {
    const shown = p.field !== null && (fields === undefined || fields.includes(p.field));
    out[shown ? p.field! : '_form'] ??= p.message;
  }
  if (Object.keys(out).length === 0) out._form = error.message;
  return out;
}
