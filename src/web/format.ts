import { formatDistanceStrict } from 'date-fns';
import type { HealthStatus } from '../server/contract.js';

/** Placeholder for a metric nobody has measured yet; the UI pairs it with "no data yet". */
export const NO_VALUE = '—';

/** "2 hours ago", or "never" for a target that was never deployed. */
export function timeAgo(iso: string | null, now: Date = new Date()): string {
  if (!iso) return 'never';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'never';
  // The future (clock skew) and the last minute both read as "just now", not "0 seconds ago".
  if (now.getTime() - date.getTime() < 60_000) return 'just now';
  // Strict: "2 hours ago", not "about 2 hours ago".
  return formatDistanceStrict(date, now, { addSuffix: true });
}

export function percent(value: number | null, digits = 1): string {
  return value === null ? NO_VALUE : `${value.toFixed(digits)}%`;
}

export function milliseconds(value: number | null): string {
  if (value === null) return NO_VALUE;
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

export const HEALTH_LABELS: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
  stopped: 'Stopped',
};

export function pluralize(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `1234` → `1,234` with a stable locale, so tests and screenshots read the same everywhere. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** Language shiki should highlight a generated file with, from its name. */
export function languageOf(path: string): string {
  const name = path.split('/').at(-1) ?? path;
  if (name === 'Dockerfile') return 'dockerfile';
  if (name === '.env.example' || name.startsWith('.env')) return 'dotenv';
  if (name === '.dockerignore' || name === '.gitignore') return 'ini';
  const ext = name.includes('.') ? name.split('.').at(-1)!.toLowerCase() : '';
  const byExt: Record<string, string> = {
    py: 'python',
    json: 'json',
    yaml: 'yaml',
    yml: 'yaml',
    toml: 'toml',
    md: 'markdown',
    txt: 'text',
    ini: 'ini',
    cfg: 'ini',
  };
  return byExt[ext] ?? 'text';
}

/** A duration as a badge shows it: "0.4 ms", "12 ms", "3.0 s", "61 s". */
export function formatMs(ms: number): string {
  if (ms >= 1000) return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
  return ms >= 10 ? `${Math.round(ms)} ms` : `${Math.round(ms * 10) / 10} ms`;
}
