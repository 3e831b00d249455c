import { z } from 'zod';

/**
 * The Settings form's shared function. Only the shape is checked here: the store checks the
 * rest (identifier, keyword, duplicate, empty code, …) and names the field in its answer.
 */
export const sharedFunctionRequest = z.object({
  name: z.string().max(200, 'Name is too long (at most 200 characters)'),
  description: z.string().optional(),
  code: z.string().max(200_000, 'Code is too long (at most 200,000 characters)'),
});
export type SharedFunctionRequest = z.infer<typeof sharedFunctionRequest>;
