import { createHash } from 'node:crypto';
import type { GeneratedFile, TargetPlan } from './types.js';

export const LOCK_FILE = 'catalyst.lock.json';

/** `catalyst.lock.json`: what produced this app, and a hash of every other file in it. */
export interface LockFile {
  generator: 'catalyst';
  generatorVersion: string;
  project: { id: string; name: string; version: string };
  target: { id: string; platform: string };
  /** Git commit of the project the app was generated at; `null` outside a repository. */
  commit: string | null;
  /** `sha256:<hex>` of the inputs (see TargetPlan.inputs), when the build recorded them. */
  inputs?: string;
  /** Path → `sha256:<hex>` of its UTF-8 bytes, sorted by path. */
  files: Record<string, string>;
}

/**
 * Hashes of texts seen before in this process: a regeneration keeps the unchanged modules' very
 * strings, so the lock of a large app hashes only what was rendered anew. Bounded; no I/O.
 */
const hashed = new Map<string, string>();
const MAX_HASHED = 20_000;

export function sha256(text: string): string {
  let hash = hashed.get(text);
  if (hash === undefined) {
    hash = `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
    if (hashed.size >= MAX_HASHED) hashed.clear();
    hashed.set(text, hash);
  }
  return hash;
}

export function buildLock(plan: TargetPlan, files: readonly GeneratedFile[]): LockFile {
  const hashes = files
    .filter((f) => f.path !== LOCK_FILE)
    .map((f) => [f.path, sha256(f.content)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const m = plan.project.manifest;
  return {
    generator: 'catalyst',
    generatorVersion: plan.generatorVersion,
    project: { id: m.id, name: m.name, version: m.version },
    target: { id: plan.target.id, platform: plan.target.platform },
    commit: plan.commit ?? null,
    ...(plan.inputs === undefined ? {} : { inputs: plan.inputs }),
    files: Object.fromEntries(hashes),
  };
}

export function renderLock(plan: TargetPlan, files: readonly GeneratedFile[]): GeneratedFile {
  return { path: LOCK_FILE, kind: 'config', content: `${JSON.stringify(buildLock(plan, files), null, 2)}\n` };
}

/** The generated paths a lock lists (plus the lock itself); `undefined` when the text is not a lock. */
export function lockedPaths(text: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const files = (parsed as { files?: unknown }).files;
    if (typeof files !== 'object' || files === null || Array.isArray(files)) return undefined;
    return [...Object.keys(files), LOCK_FILE];
  } catch {
    return undefined;
  }
}
