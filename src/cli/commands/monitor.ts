import { readMonitorSettings, updateMonitorSettings } from '../../monitor/db/settings-store.js';
import type { MonitorSettings, MonitorSettingsPatch } from '../../monitor/settings.js';
import { defineCommand, UsageError } from '../command.js';
import { table } from '../render.js';

interface MonitorSettingsOptions {
  interval?: string;
  timeout?: string;
  concurrency?: string;
  /** A URL, or false for --no-webhook. */
  webhook?: string | false;
}

function seconds(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`${flag} takes a number of seconds, not "${value}"`);
  }
  return Math.round(n * 1000);
}

function settingsTable(s: MonitorSettings): string {
  return table(
    [
      ['check interval', `${s.intervalMs / 1000} s`],
      ['check timeout', `${s.timeoutMs / 1000} s`],
      ['checks at once', String(s.concurrency)],
      ['webhook', s.webhookUrl ?? '(none)'],
    ],
    ['SETTING', 'VALUE'],
  );
}

export const monitorSettingsCommand = defineCommand<MonitorSettingsOptions>({
  name: ['monitor', 'settings'],
  summary: 'show or change how the health monitor checks deployed targets (for the whole workspace)',
  options: [
    {
      flags: '--interval <seconds>',
      description: 'time between two checks of a target (5 s – 24 h; default 60)',
    },
    { flags: '--timeout <seconds>', description: 'how long a check waits for /health (default 5)' },
    { flags: '--concurrency <n>', description: 'checks running at once (default 16)' },
    { flags: '--webhook <url>', description: 'POST every status change here as JSON' },
    { flags: '--no-webhook', description: 'stop notifying a webhook' },
  ],
  async run({ options }, ctx) {
    const patch: MonitorSettingsPatch = {};
    if (options.interval !== undefined) patch.intervalMs = seconds('--interval', options.interval);
    if (options.timeout !== undefined) patch.timeoutMs = seconds('--timeout', options.timeout);
    if (options.concurrency !== undefined) {
      const n = Number(options.concurrency);
      if (!Number.isInteger(n))
        throw new UsageError(`--concurrency takes a whole number, not "${options.concurrency}"`);
      patch.concurrency = n;
    }
    if (options.webhook !== undefined) patch.webhookUrl = options.webhook === false ? null : options.webhook;
    const db = ctx.workspace().db;
    const changed = Object.keys(patch).length > 0;
    const settings = changed ? updateMonitorSettings(db, patch) : readMonitorSettings(db);
    if (changed) ctx.note('Saved. A running studio applies it within one check interval.');
    return { data: settings, text: settingsTable(settings) };
  },
});

export const monitorCommands = [monitorSettingsCommand];
