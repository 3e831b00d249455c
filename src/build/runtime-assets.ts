import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RuntimeAssets } from '../compiler/types.js';

/** The Python runtime package lives beside the compiler as real `.py` files, so it can be linted and tested as Python. */
const RUNTIME_DIR = fileURLToPath(new URL('../compiler/runtime/', import.meta.url));

let cached: Promise<RuntimeAssets> | undefined;

/**
 * Reads every `src/compiler/runtime/*.py` once per process, sorted by name so the output
 * order never depends on the file system. Paths are where they go in the app:
 * `runtime/context.py`.
 */
export function loadRuntimeAssets(): Promise<RuntimeAssets> {
  cached ??= readRuntime().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function readRuntime(): Promise<RuntimeAssets> {
  const names = (await readdir(RUNTIME_DIR)).filter((n) => n.endsWith('.py')).sort();
  const assets = [];
  for (const name of names)
    assets.push({ path: `runtime/${name}`, content: await readFile(`${RUNTIME_DIR}${name}`, 'utf8') });
  return assets;
}
