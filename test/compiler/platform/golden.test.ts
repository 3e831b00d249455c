import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRuntimeAssets } from '../../../src/build/runtime-assets.js';
import { renderTarget } from '../../../src/compiler/render-target.js';
import type { GeneratedFile } from '../../../src/compiler/types.js';
import { demoProject } from '../../../src/model/demo.js';
import { PLATFORMS, type Platform } from '../../../src/model/project.js';
import type { Project } from '../../../src/model/project-files.js';

/**
 * Golden files: the demo project generated for every platform, one tree per platform
 * under test/golden/<platform>/. `UPDATE_GOLDEN=1 npx vitest run test/compiler/platform/golden.test.ts`
 * rewrites them; review the diff like any other change.
 */
const GOLDEN_ROOT = fileURLToPath(new URL('../../golden/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const OPTIONS = { generatorVersion: '0.0.0-golden', commit: '0123456789abcdef0123456789abcdef01234567' };

/** The demo with its `local` target moved to `platform`, carrying the production target's settings (region, autoscaling). */
function demoOn(platform: Platform): Project {
  const project = demoProject({ id: 'proj_demo', name: 'demo', now: '2026-01-05T10:00:00.000Z' });
  const targets = project.manifest.deploymentTargets;
  targets['local'] = {
    ...targets['local']!,
    platform,
    platformConfig: { ...targets['production']!.platformConfig },
  };
  return project;
}

async function render(platform: Platform): Promise<GeneratedFile[]> {
  return renderTarget(demoOn(platform), 'local', OPTIONS, await loadRuntimeAssets()).files;
}

async function listTree(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listTree(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

describe('golden files of the demo project', () => {
  for (const platform of PLATFORMS) {
    it(`${platform}: every generated file matches its golden file, and no golden file is orphaned`, async () => {
      const files = await render(platform);
      const dir = join(GOLDEN_ROOT, platform);
      if (UPDATE) {
        await rm(dir, { recursive: true, force: true });
        for (const f of files) {
          await mkdir(dirname(join(dir, f.path)), { recursive: true });
          await writeFile(join(dir, f.path), f.content);
        }
      }
      const golden = await listTree(dir);
      const generated = files.map((f) => f.path).sort();
      const orphaned = golden.filter((p) => !generated.includes(p));
      const missing = generated.filter((p) => !golden.includes(p));
      expect({ orphaned, missing }, 'run with UPDATE_GOLDEN=1 to refresh the golden files').toEqual({
        orphaned: [],
        missing: [],
      });
      const differing: string[] = [];
      for (const f of files)
        if (f.content !== (await readFile(join(dir, f.path), 'utf8'))) differing.push(f.path);
      expect(
        differing,
        `${platform}: files that differ from their golden files (UPDATE_GOLDEN=1 refreshes them)`,
      ).toEqual([]);
    });
  }

  it('covers exactly the platforms there are (no orphaned platform folder)', async () => {
    if (UPDATE) {
      for (const dir of await readdir(GOLDEN_ROOT).catch(() => [])) {
        if (!(PLATFORMS as readonly string[]).includes(dir))
          await rm(join(GOLDEN_ROOT, dir), { recursive: true });
      }
    }
    expect((await readdir(GOLDEN_ROOT)).sort()).toEqual([...PLATFORMS].sort());
  });

  it('generating twice gives byte-identical files for every platform', async () => {
    for (const platform of PLATFORMS) expect(await render(platform)).toEqual(await render(platform));
  });
});
