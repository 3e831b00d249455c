/**
 * The compiler's public API (the package's `catalyst/compiler` entry): a valid project → the
 * files of one FastAPI app per target. Pure: the Python runtime package the apps ship
 * (`loadRuntimeAssets` in the package's main entry) and the project are passed in.
 */

export { buildLock, LOCK_FILE, type LockFile } from './lock.js';
export { BASE_REQUIREMENTS, planTarget } from './plan.js';
export { type RenderOptions, renderPlan, renderTarget } from './render-target.js';
export type { FileKind, GeneratedFile, PlannedWorkflow, RuntimeAssets, TargetPlan } from './types.js';
