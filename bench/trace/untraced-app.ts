import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The suffix that marks each line of the runtime that exists only for the harness (tracing, mocks). */
export const HOOK_MARK = '# harness hook';

/** The runtime text without its harness hooks: every line carrying the mark is dropped, nothing else changes. */
export function withoutHarnessHooks(text: string): { text: string; removed: number } {
  const lines = text.split('\n');
  const kept = lines.filter((line) => !line.trimEnd().endsWith(HOOK_MARK));
  return { text: kept.join('\n'), removed: lines.length - kept.length };
}

/**
 * The baseline for the tracing benchmark: a copy of a generated app whose runtime has the
 * harness hooks stripped — the same app as generated from a Catalyst without tracing, since the
 * hooks are the only lines of the request path that tracing added. Returns the lines removed per
 * file; the caller fails when none were (the marks would have gone missing, and the comparison
 * with them).
 */
export function writeUntracedCopy(appDir: string, outDir: string): Record<string, number> {
  cpSync(appDir, outDir, { recursive: true });
  const removed: Record<string, number> = {};
  const runtimeDir = path.join(outDir, 'runtime');
  for (const name of readdirSync(runtimeDir)
    .filter((n) => n.endsWith('.py'))
    .sort()) {
    const file = path.join(runtimeDir, name);
    const stripped = withoutHarnessHooks(readFileSync(file, 'utf8'));
    if (stripped.removed === 0) continue;
    writeFileSync(file, stripped.text);
    removed[`runtime/${name}`] = stripped.removed;
  }
  return removed;
}
