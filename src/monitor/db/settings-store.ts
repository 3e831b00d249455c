import type { Database } from 'better-sqlite3';
import { CatalystError } from '../../errors.js';
import {
  type MonitorSettings,
  type MonitorSettingsPatch,
  monitorSettingsPatchSchema,
  monitorSettingsSchema,
} from '../settings.js';

/** Monitor settings are rows of the workspace `settings` table named `monitor.<setting>`. */
const PREFIX = 'monitor.';

/** Reads the workspace's monitor settings; a stored value that no longer parses falls back to its default. */
export function readMonitorSettings(db: Database): MonitorSettings {
  const rows = db.prepare("SELECT key, value FROM settings WHERE key LIKE 'monitor.%'").all() as Array<{
    key: string;
    value: string;
  }>;
  const stored: Record<string, unknown> = {};
  for (const { key, value } of rows) {
    try {
      stored[key.slice(PREFIX.length)] = JSON.parse(value);
    } catch {
      // A hand-edited, unreadable value: ignore it so the default applies.
    }
  }
  const shape = monitorSettingsSchema.shape;
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(shape) as Array<keyof typeof shape>) {
    const parsed = shape[key].safeParse(stored[key]);
    settings[key] = parsed.success ? parsed.data : shape[key].parse(undefined);
  }
  return settings as MonitorSettings;
}

/** Validates and stores a change (null webhook = none); throws a CatalystError naming the bad setting. */
export function updateMonitorSettings(db: Database, patch: MonitorSettingsPatch): MonitorSettings {
  const parsed = monitorSettingsPatchSchema.safeParse(patch);
  if (!parsed.success) {
    // Each rule's message names the setting in words (the CLI's flags and the studio's
    // fields both map to them), so the key itself is not shown.
    const issue = parsed.error.issues[0]!;
    const message =
      issue.code === 'unrecognized_keys' ? `unknown setting ${issue.keys.join(', ')}` : issue.message;
    throw new CatalystError('invalid_input', `Invalid monitor settings: ${message}.`);
  }
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(parsed.data)) {
      if (value !== undefined) upsert.run(`${PREFIX}${key}`, JSON.stringify(value));
    }
  })();
  return readMonitorSettings(db);
}
