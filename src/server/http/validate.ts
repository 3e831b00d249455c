import type { Context } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import type { ApiErrorBody, ApiProblem } from '../views.js';

/** zod issues → problems the page can show next to the field they concern. */
function zodProblems(error: z.ZodError): ApiProblem[] {
  return error.issues.map((issue) => {
    const last = issue.path.at(-1);
    return {
      path: issue.path.map(String).join('.'),
      message: issue.message,
      field: last === undefined ? null : String(last),
    };
  });
}

export function invalidInput(c: Context, error: z.ZodError) {
  const problems = zodProblems(error);
  const body: ApiErrorBody = { error: problems[0]?.message ?? 'Invalid input', problems };
  return c.json(body, 400);
}

/**
 * Parses the JSON body with a model schema before the handler runs; the handler sees only
 * parsed data (`c.req.valid('json')`) and the RPC client gets the schema's input type.
 */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return validator('json', (value: z.input<S>, c) => {
    const result = schema.safeParse(value);
    if (!result.success) return invalidInput(c, result.error);
    return result.data as z.output<S>;
  });
}

/** Same for the query string. */
export function queryParams<S extends z.ZodType>(schema: S) {
  return validator('query', (value, c) => {
    const result = schema.safeParse(value);
    if (!result.success) return invalidInput(c, result.error);
    return result.data as z.output<S>;
  });
}
