import type { PythonRequirement } from '../model/nodes/definition.js';
import type { DeploymentTarget } from '../model/project.js';
import type { LoadedWorkflow, Project } from '../model/project-files.js';

export type FileKind = 'python' | 'config' | 'docs' | 'test' | 'other';

/** One file of a generated app; `path` is relative to the app root, with `/`. */
export interface GeneratedFile {
  path: string;
  content: string;
  kind: FileKind;
}

export interface PlannedWorkflow extends LoadedWorkflow {
  /** Python module/function name: the slug, made unique (`_2`) and keyword-safe (`_` suffix). */
  moduleName: string;
  /** Node ids in topological order (ties broken by id, so output is stable). */
  order: string[];
  /** Ids of workflows this one calls locally. */
  calls: string[];
}

/** Everything the renderers need for one target, decided once. */
export interface TargetPlan {
  project: Project;
  target: DeploymentTarget;
  /** The target's workflows, callees before callers, ties by id. */
  workflows: PlannedWorkflow[];
  /** Secrets the target's workflows reference (sorted). */
  secrets: string[];
  /** All project env vars (sorted by name) — the app gets them all with their defaults. */
  envVars: Array<[name: string, value: string]>;
  /** Base + node packages, deduplicated (highest minimum wins), sorted by name. */
  requirements: PythonRequirement[];
  /** Git commit the app is generated at, when known. */
  commit?: string;
  generatorVersion: string;
  /**
   * Fingerprint of everything the app was made from (project files, target, commit, generator),
   * recorded in the lock so the build can skip an unchanged regeneration; set by the I/O layer.
   */
  inputs?: string;
}

/** The Python runtime package shipped inside every app, read from `src/compiler/runtime/` by the I/O layer. */
export type RuntimeAssets = ReadonlyArray<{ path: string; content: string }>;
