import type { z } from 'zod';
import { CatalystError } from '../../errors.js';
import { jsonPath } from '../../model/json-path.js';

/**
 * Parses operation input with one of the model's zod schemas; a failure becomes one
 * CatalystError listing every issue (`platform: Invalid option…`), so the CLI and the
 * studio show the same words.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const where = issue.path.length === 0 ? '' : `${jsonPath(issue.path).slice(2)}: `;
    return `${where}${issue.message}`;
  });
  throw new CatalystError('invalid_input', `Invalid ${what}: ${issues.join('; ')}`);
}
