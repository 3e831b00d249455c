import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { type CatalystErrorCode, isCatalystError } from '../../errors.js';
import { StaleVersionError } from '../../store/file-version.js';
import type { ApiErrorBody } from '../views.js';
import { invalidInput } from './validate.js';

const STATUS: Record<CatalystErrorCode, 400 | 404 | 409 | 500> = {
  not_found: 404,
  conflict: 409,
  in_use: 409,
  invalid_input: 400,
  invalid_project: 400,
  not_a_project: 400,
  git_failed: 500,
  io_failed: 500,
  workspace: 500,
  vault: 400,
};

/** `$.deploymentTargets.production.name` → `name`; the field a form shows the message next to. */
export function fieldOfPath(jsonPath: string): string | null {
  const match = /(?:\.([A-Za-z0-9_-]+)|\["([^"]+)"\])$/.exec(jsonPath);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/**
 * One error boundary for the API: user mistakes become `{error, code, problems?}` with
 * 400/404/409 so the page can put them next to their field; anything else is a 500 without a
 * stack trace (the trace goes to the server log).
 */
export function errorResponse(c: Context, error: unknown, log: (line: string) => void = console.error) {
  if (error instanceof ZodError) return invalidInput(c, error);
  // Hono's own refusals (e.g. a body its validator cannot parse) keep their 4xx status.
  if (error instanceof HTTPException && error.status < 500) {
    return c.json({ error: error.message } satisfies ApiErrorBody, error.status);
  }
  if (isCatalystError(error)) {
    const body: ApiErrorBody = { error: error.message, code: error.code };
    if (error.path !== undefined) {
      body.problems = [{ path: error.path, message: error.message, field: fieldOfPath(error.path) }];
    }
    if (error instanceof StaleVersionError) body.version = error.current;
    const status = STATUS[error.code] ?? 400;
    if (status === 500) log(`studio: ${error.code}: ${error.message}`);
    return c.json(body, status);
  }
  log(`studio: internal error on ${c.req.method} ${c.req.path}: ${(error as Error)?.stack ?? String(error)}`);
  return c.json({ error: 'Internal error in the studio server; see its log.' } satisfies ApiErrorBody, 500);
}
