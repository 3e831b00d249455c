/**
 * The package's main entry (`catalyst`): from a project folder or a commit's files to a written
 * app, and what the pure compiler (`catalyst/compiler`) needs from disk. The model is
 * `catalyst/model`.
 */

export {
  appPlan,
  type CompiledApp,
  type CompileOptions,
  compileApp,
  type ProjectFiles,
} from './build/compile-app.js';
export { generatorVersion } from './build/generator-version.js';
export { loadRuntimeAssets } from './build/runtime-assets.js';
export type { WriteResult } from './build/write-output.js';
