import type { Project } from '../model/project-files.js';
import { renderLock } from './lock.js';
import { planTarget } from './plan.js';
import { renderPlatformFiles } from './platform/index.js';
import { renderPythonApp } from './python/index.js';
import type { GeneratedFile, RuntimeAssets, TargetPlan } from './types.js';

export interface RenderOptions {
  commit?: string;
  generatorVersion: string;
}

/**
 * Every file of the app for a plan — Python, platform files and the lock — sorted by path.
 * `rendered`: workflow id → its module's text from an earlier render (see renderPythonApp).
 */
export function renderPlan(
  plan: TargetPlan,
  runtime: RuntimeAssets,
  rendered?: ReadonlyMap<string, string>,
): GeneratedFile[] {
  const files = [...renderPythonApp(plan, runtime, rendered), ...renderPlatformFiles(plan)];
  const seen = new Set<string>();
  for (const f of files) {
    // Two renderers writing one path is a compiler bug, not a user error: fail loudly.
    if (seen.has(f.path)) throw new Error(`Two generators produced ${f.path}`);
    seen.add(f.path);
  }
  files.push(renderLock(plan, files));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Plans and renders one target of a valid project. */
export function renderTarget(
  project: Project,
  targetId: string,
  opts: RenderOptions,
  runtime: RuntimeAssets,
): { plan: TargetPlan; files: GeneratedFile[] } {
  const plan = planTarget(project, targetId, opts);
  return { plan, files: renderPlan(plan, runtime) };
}
