import { z } from 'zod';

export const MONITOR_DEFAULTS = {
  intervalMs: 60_000,
  timeoutMs: 5_000,
  concurrency: 16,
  webhookUrl: null,
} as const;

const fields = {
  intervalMs: z
    .number()
    .int()
    .min(5_000, 'the check interval must be at least 5 seconds')
    .max(86_400_000, 'the check interval must be at most 24 hours'),
  timeoutMs: z
    .number()
    .int()
    .min(100, 'the check timeout must be at least 100 ms')
    .max(60_000, 'the check timeout must be at most 60 seconds'),
  concurrency: z
    .number()
    .int()
    .min(1, 'concurrency must be at least 1')
    .max(256, 'concurrency must be at most 256'),
  /** Where status changes are POSTed; null = no notifications. */
  webhookUrl: z
    .url({ protocol: /^https?$/, error: 'the webhook URL must be an http:// or https:// URL' })
    .max(2048)
    .nullable(),
};

/** Per-workspace monitor settings, stored in the workspace `settings` table as `monitor.<name>` (JSON values). */
export const monitorSettingsSchema = z.object({
  intervalMs: fields.intervalMs.default(MONITOR_DEFAULTS.intervalMs),
  timeoutMs: fields.timeoutMs.default(MONITOR_DEFAULTS.timeoutMs),
  concurrency: fields.concurrency.default(MONITOR_DEFAULTS.concurrency),
  webhookUrl: fields.webhookUrl.default(MONITOR_DEFAULTS.webhookUrl),
});

/** A change to some settings; keys left out keep their value. */
export const monitorSettingsPatchSchema = z.object(fields).partial().strict();

export type MonitorSettings = z.infer<typeof monitorSettingsSchema>;
export type MonitorSettingsPatch = z.infer<typeof monitorSettingsPatchSchema>;
