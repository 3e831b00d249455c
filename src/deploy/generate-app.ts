import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadRuntimeAssets } from '../build/runtime-assets.js';
import { renderTarget } from '../compiler/render-target.js';
import type { TargetPlan } from '../compiler/types.js';
import type { Project } from '../model/project-files.js';
import { generatorVersion } from './generator-version.js';

/** `<project>/.catalyst/deploy/<target>/<short sha>`: one folder per deployed commit, outside git (.catalyst/ is ignored). */
export function deployAppDir(projectDir: string, targetId: string, commit: string): string {
  return path.join(projectDir, '.catalyst', 'deploy', targetId, commit.slice(0, 12));
}

/**
 * Renders the target's app at `commit` and writes it to `appDir`, replacing what was
 * there (generation is deterministic, so a rerun writes the same bytes).
 */
export async function writeApp(
  project: Project,
  targetId: string,
  commit: string,
  appDir: string,
): Promise<TargetPlan> {
  const { plan, files } = renderTarget(
    project,
    targetId,
    { commit, generatorVersion: generatorVersion() },
    await loadRuntimeAssets(),
  );
  await rm(appDir, { recursive: true, force: true });
  for (const file of files) {
    const target = path.join(appDir, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content, 'utf8');
  }
  return plan;
}
