import type { FileKind } from './types.js';

/**
 * The kind the renderers give a generated path: app tests under `tests/`, other Python modules,
 * the README as docs, everything else (Dockerfile, YAML, TOML, JSON, the lock) as config. Lets
 * the build describe an app it reuses from disk without rendering it again.
 */
export function fileKind(path: string): FileKind {
  if (path.endsWith('.py')) return path.startsWith('tests/') ? 'test' : 'python';
  if (path === 'README.md') return 'docs';
  return 'config';
}
