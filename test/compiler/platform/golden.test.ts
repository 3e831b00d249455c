import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuntimeAssets } from '../../../src/build/runtime-assets.js';
import { renderTarget } from '../../../src/compiler/render-target.js';
import type { GeneratedFile } from '../../../src/compiler/types.js';
import { PLATFORMS, type Platform } from '../../../src/model/project.js';
import { listFiles } from '../../support/file-tree.js';
import { goldenUpdateRequested } from '../../support/golden.js';
import { demoOnPlatform } from './plan-fixture.js';

/**
 * Golden files: the demo project generated for every platform. What every platform
 * generates byte-identically (the Python app: runtime/, workflows/, main.py, tests/, …)
 * is kept once under test/golden/app/; what differs (platform config, README.md,
 * catalyst.lock.json, …) under test/golden/platforms/<platform>/. The split is computed
 * by comparing the platforms' output, never listed by hand.
 * The runtime package copied verbatim from src/compiler/runtime/ is not snapshotted (the
 * golden copy would only repeat the source): it must be in every output, byte-identical to
 * its source file, and has no golden file.
 * `UPDATE_GOLDEN=1 npx vitest run test/compiler/platform/golden.test.ts` rewrites both
 * trees (refused under CI); review the diff like any other change.
 */
const GOLDEN_ROOT = fileURLToPath(new URL('../../golden/', import.meta.url));
const APP_DIR = join(GOLDEN_ROOT, 'app');
const PLATFORMS_DIR = join(GOLDEN_ROOT, 'platforms');
const RUNTIME_SOURCE_DIR = fileURLToPath(new URL('../../../src/compiler/runtime/', import.meta.url));
const UPDATE = goldenUpdateRequested();
const REFRESH_HINT = 'UPDATE_GOLDEN=1 refreshes the golden files';
const OPTIONS = { generatorVersion: '0.0.0-golden', commit: '0123456789abcdef0123456789abcdef01234567' };

async function render(platform: Platform): Promise<GeneratedFile[]> {
  return renderTarget(demoOnPlatform(platform), 'local', OPTIONS, await loadRuntimeAssets()).files;
}

async function renderAll(): Promise<Map<Platform, GeneratedFile[]>> {
  const out = new Map<Platform, GeneratedFile[]>();
  for (const platform of PLATFORMS) out.set(platform, await render(platform));
  return out;
}

/** The runtime package as it is in the source tree: app path (`runtime/x.py`) → content. */
async function runtimeSource(): Promise<Map<string, string>> {
  const names = (await readdir(RUNTIME_SOURCE_DIR)).filter((n) => n.endsWith('.py')).sort();
  const out = new Map<string, string>();
  for (const name of names)
    out.set(`runtime/${name}`, await readFile(join(RUNTIME_SOURCE_DIR, name), 'utf8'));
  return out;
}

/** The output without the runtime files copied from the source tree: what the golden files hold. */
function withoutRuntimeCopies(
  rendered: Map<Platform, GeneratedFile[]>,
  runtime: Map<string, string>,
): Map<Platform, GeneratedFile[]> {
  return new Map(
    [...rendered].map(([platform, files]) => [platform, files.filter((f) => !runtime.has(f.path))]),
  );
}

/** Paths that every platform generates with the same content, sorted. */
function sharedPaths(rendered: Map<Platform, GeneratedFile[]>): string[] {
  const [first, ...rest] = [...rendered.values()].map(
    (files) => new Map(files.map((f) => [f.path, f.content])),
  );
  return [...first!.entries()]
    .filter(([path, content]) => rest.every((files) => files.get(path) === content))
    .map(([path]) => path)
    .sort();
}

/** The files of a golden tree; none when the folder does not exist (yet). */
function listTree(dir: string): Promise<string[]> {
  return listFiles(dir).catch(() => []);
}

async function writeTree(dir: string, files: GeneratedFile[]): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  for (const f of files) {
    await mkdir(dirname(join(dir, f.path)), { recursive: true });
    await writeFile(join(dir, f.path), f.content);
  }
}

/** Rewrites test/golden/ from `rendered`: the shared files once, the rest per platform, nothing else. */
async function updateGolden(rendered: Map<Platform, GeneratedFile[]>): Promise<void> {
  const shared = new Set(sharedPaths(rendered));
  const anyPlatform = rendered.get(PLATFORMS[0])!;
  await writeTree(
    APP_DIR,
    anyPlatform.filter((f) => shared.has(f.path)),
  );
  await rm(PLATFORMS_DIR, { recursive: true, force: true });
  for (const [platform, files] of rendered)
    await writeTree(
      join(PLATFORMS_DIR, platform),
      files.filter((f) => !shared.has(f.path)),
    );
  for (const entry of await readdir(GOLDEN_ROOT))
    if (entry !== 'app' && entry !== 'platforms') await rm(join(GOLDEN_ROOT, entry), { recursive: true });
}

describe('golden files of the demo project', () => {
  /** Everything generated. */
  let rendered: Map<Platform, GeneratedFile[]>;
  /** What is compared with golden files: `rendered` without the runtime copies. */
  let snapshotted: Map<Platform, GeneratedFile[]>;
  let runtime: Map<string, string>;
  beforeAll(async () => {
    rendered = await renderAll();
    runtime = await runtimeSource();
    snapshotted = withoutRuntimeCopies(rendered, runtime);
    if (UPDATE) await updateGolden(snapshotted);
  });

  for (const platform of PLATFORMS) {
    it(`${platform}: every generated file matches its golden file (app/ or platforms/${platform}/), and no golden file is orphaned`, async () => {
      const files = snapshotted.get(platform)!;
      const platformDir = join(PLATFORMS_DIR, platform);
      const appPaths = await listTree(APP_DIR);
      const platformPaths = await listTree(platformDir);
      const generated = files.map((f) => f.path).sort();
      const golden = [...appPaths, ...platformPaths];
      expect(
        {
          orphaned: golden.filter((p) => !generated.includes(p)),
          missing: generated.filter((p) => !golden.includes(p)),
          inBothTrees: platformPaths.filter((p) => appPaths.includes(p)),
        },
        REFRESH_HINT,
      ).toEqual({ orphaned: [], missing: [], inBothTrees: [] });

      const differing: string[] = [];
      for (const f of files) {
        const dir = appPaths.includes(f.path) ? APP_DIR : platformDir;
        if (f.content !== (await readFile(join(dir, f.path), 'utf8'))) differing.push(f.path);
      }
      expect(differing, `${platform}: files that differ from their golden files (${REFRESH_HINT})`).toEqual(
        [],
      );
    });
  }

  it('app/ holds exactly the files every platform generates byte-identically', async () => {
    const shared = sharedPaths(snapshotted);
    // The Python app itself must not depend on the platform: only deployment files may differ.
    const pythonApp = (path: string) => path.endsWith('.py') || path === 'requirements.txt';
    const differingPythonApp = [...snapshotted].flatMap(([platform, files]) =>
      files.filter((f) => pythonApp(f.path) && !shared.includes(f.path)).map((f) => `${platform}: ${f.path}`),
    );
    expect(differingPythonApp).toEqual([]);
    expect(shared).toEqual(expect.arrayContaining(['main.py', 'requirements.txt', 'tests/test_app.py']));
    expect(await listTree(APP_DIR), REFRESH_HINT).toEqual(shared);
  });

  it('runtime/: every file of src/compiler/runtime is in every output byte-identical to its source, with no golden copy', async () => {
    expect(runtime.size).toBeGreaterThan(0);
    expect([...runtime.keys()]).toContain('runtime/__init__.py');
    for (const [platform, files] of rendered) {
      const output = new Map(files.map((f) => [f.path, f.content]));
      const notCopied = [...runtime]
        .filter(([path, content]) => output.get(path) !== content)
        .map(([path]) => path);
      expect(
        notCopied,
        `${platform}: runtime files missing from the output or not identical to src/compiler/runtime`,
      ).toEqual([]);
    }
    const goldenRuntime = (await listTree(APP_DIR)).filter((p) => runtime.has(p));
    expect(goldenRuntime, 'golden copies of src/compiler/runtime files (delete them)').toEqual([]);
  });

  it('holds only app/ and one platforms/ folder per platform (no orphaned folder)', async () => {
    expect((await readdir(GOLDEN_ROOT)).sort()).toEqual(['app', 'platforms']);
    expect((await readdir(PLATFORMS_DIR)).sort()).toEqual([...PLATFORMS].sort());
  });

  it('generating twice gives byte-identical files for every platform', async () => {
    expect(await renderAll()).toEqual(rendered);
  });
});
