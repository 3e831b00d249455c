import path from 'node:path';
import { generatorVersion } from '../build/generator-version.js';
import { loadRuntimeAssets } from '../build/runtime-assets.js';
import { writeOutput } from '../build/write-output.js';
import { renderTarget } from '../compiler/render-target.js';
import type { TargetPlan } from '../compiler/types.js';
import type { Project } from '../model/project-files.js';

/** `<project>/.catalyst/deploy/<target>/<short sha>`: one folder per deployed commit, outside git (.catalyst/ is ignored). */
export function deployAppDir(projectDir: string, targetId: string, commit: string): string {
  return path.join(projectDir, '.catalyst', 'deploy', targetId, commit.slice(0, 12));
}

/**
 * Renders the target's app at `commit` and writes it to `appDir` through the build's
 * writer: swapped in whole, and a rerun (deterministic output) rewrites nothing.
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
  await writeOutput(appDir, files);
  return plan;
}
