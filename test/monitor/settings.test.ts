import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMonitorSettings, updateMonitorSettings } from '../../src/monitor/db/settings-store.js';
import { tempDb } from './support/temp-db.js';

let env: Awaited<ReturnType<typeof tempDb>>;
beforeEach(async () => {
  env = await tempDb();
});
afterEach(async () => {
  await env.dispose();
});

describe('monitor settings in the workspace database', () => {
  it('defaults to a 60 s interval, 5 s timeout, 16 parallel checks and no webhook', () => {
    expect(readMonitorSettings(env.db)).toEqual({
      intervalMs: 60_000,
      timeoutMs: 5_000,
      concurrency: 16,
      webhookUrl: null,
    });
  });

  it('stores a change per workspace as monitor.* settings and keeps other keys', () => {
    updateMonitorSettings(env.db, { intervalMs: 30_000, webhookUrl: 'https://hooks.example/catalyst' });
    expect(updateMonitorSettings(env.db, { concurrency: 4 })).toEqual({
      intervalMs: 30_000,
      timeoutMs: 5_000,
      concurrency: 4,
      webhookUrl: 'https://hooks.example/catalyst',
    });
    expect(env.db.prepare("SELECT value FROM settings WHERE key = 'monitor.intervalMs'").pluck().get()).toBe(
      '30000',
    );
    expect(updateMonitorSettings(env.db, { webhookUrl: null }).webhookUrl).toBeNull();
  });

  it('rejects bad values with a message naming the setting', () => {
    expect(() => updateMonitorSettings(env.db, { intervalMs: 1000 })).toThrow(
      'Invalid monitor settings: the check interval must be at least 5 seconds.',
    );
    expect(() => updateMonitorSettings(env.db, { webhookUrl: 'ftp://files.example' })).toThrow(
      'Invalid monitor settings: the webhook URL must be an http:// or https:// URL.',
    );
  });

  it('falls back to the default for a stored value that no longer parses', () => {
    env.db.prepare("INSERT INTO settings (key, value) VALUES ('monitor.intervalMs', '\"soon\"')").run();
    expect(readMonitorSettings(env.db).intervalMs).toBe(60_000);
  });
});
