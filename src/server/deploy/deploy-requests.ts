import { z } from 'zod';
import { HEALTH_RANGES, type HealthRange } from '../health/health-services.js';

/** Chosen by the page so it can pick its own log lines off the shared event stream. */
const runId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'runId must be 1–64 letters, digits, _ or -');

export const deployRunRequest = z.object({ runId }).strict();

export const deploymentsQuery = z
  .object({
    targetId: z.string().min(1, 'targetId must not be empty').max(64).optional(),
    limit: z.coerce
      .number()
      .int('limit must be a whole number')
      .min(1, 'limit must be at least 1')
      .max(500, 'limit must be at most 500')
      .optional(),
  })
  .strict();

const ranges = Object.keys(HEALTH_RANGES) as [HealthRange, ...HealthRange[]];

export const healthHistoryQuery = z
  .object({
    range: z.enum(ranges, { error: `range must be one of ${ranges.join(', ')}` }).default('24h'),
  })
  .strict();

export const healthEventsQuery = z
  .object({
    limit: z.coerce
      .number()
      .int('limit must be a whole number')
      .min(1, 'limit must be at least 1')
      .max(1000, 'limit must be at most 1000')
      .default(50),
  })
  .strict();

/** `GET …/targets/:targetId/logs?lines=N`: the latest N lines of the running app's log. */
export const targetLogsQuery = z
  .object({
    lines: z.coerce
      .number()
      .int('lines must be a whole number')
      .min(1, 'lines must be at least 1')
      .max(2000, 'lines must be at most 2000')
      .default(200),
  })
  .strict();
