import { z } from 'zod';

/** `POST …/drafts`: the sentence, and optionally the workflow to change and the target. */
export const draftStartRequest = z
  .object({
    prompt: z
      .string()
      .max(4000, 'The description is too long: keep it under 4000 characters.')
      .refine((s) => s.trim() !== '', 'Describe the workflow you want, e.g. "a webhook that stores orders".'),
    workflowId: z.string().min(1).max(200).optional(),
    targetId: z.string().min(1).max(64).optional(),
  })
  .strict();
