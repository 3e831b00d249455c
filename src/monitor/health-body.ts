import { z } from 'zod';

/**
 * The part of a generated app's `GET /health` answer (DESIGN §7) the monitor reads.
 * Parsed leniently: an app that adds fields, or a non-Catalyst service with only a
 * `status`, still yields what it does report.
 */
export const healthBodySchema = z.looseObject({
  status: z.string(),
  project: z.string().optional(),
  version: z.string().optional(),
  target: z.string().optional(),
  commit: z.string().nullable().optional(),
  uptime: z.number().nonnegative().optional(),
  requests: z
    .object({
      total: z.number().int().nonnegative(),
      errors: z.number().int().nonnegative(),
    })
    .optional(),
});

export type HealthBody = z.infer<typeof healthBodySchema>;

/** The status a healthy app reports; anything else makes the target `degraded`. */
export const HEALTHY_REPORT = 'healthy';

/** Parses a response body; `undefined` when it is not the health JSON shape. */
export function parseHealthBody(text: string): HealthBody | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = healthBodySchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
