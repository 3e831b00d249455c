import type Database from 'better-sqlite3';
import {
  type MonitorSettings,
  type MonitorSettingsPatch,
  monitorSettingsPatchSchema,
  monitorSettingsSchema,
} from '../settings.js';
import { ensureMonitorSchema } from './schema.js';

export class MonitorSettingsError extends Error {
  override name = 'MonitorSettingsError';
}

/** Reads the workspace's monitor settings; a stored value that no longer parses falls back to its default. */
export function readMonitorSettings(db: Database.Database): MonitorSettings {
  ensureMonitorSchema(db);
  const rows = db.prepare('SELECT key, value FROM monitor_settings').all() as Array<{
    key: string;
    value: string;
  }>;
  const stored: Record<string, unknown> = {};
  for (const { key, value } of rows) {
    try {
      stored[key] = JSON.parse(value);
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

/** Validates and stores a change; throws {@link MonitorSettingsError} naming the bad setting. */
export function updateMonitorSettings(db: Database.Database, patch: MonitorSettingsPatch): MonitorSettings {
  const parsed = monitorSettingsPatchSchema.safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `monitor setting "${issue.path.join('.')}"` : 'monitor settings';
    throw new MonitorSettingsError(`Invalid ${where}: ${issue.message}.`);
  }
  ensureMonitorSchema(db);
  const upsert = db.prepare(
    'INSERT INTO monitor_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(parsed.data)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
  })();
  return readMonitorSettings(db);
}
