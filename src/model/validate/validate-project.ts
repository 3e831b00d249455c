import type { LoadedWorkflow, Problem, Project } from '../project-files.js';
import { callsAreAcyclic, localCallsResolve } from './call-rules.js';
import { edgeEndsExist, edgeHandlesMatchOutputs, edgeIdsUnique, workflowIsAcyclic } from './edge-rules.js';
import { publicPathsNotReserved, publicRoutesUnique } from './endpoint-rules.js';
import { examplesValid } from './example-rules.js';
import { configReferencesValid } from './expression-rules.js';
import { callInputsMatchSchemas, workflowSchemasValid } from './json-schema-rules.js';
import { envAndSecretNamesDiffer, manifestKeysMatch } from './manifest-rules.js';
import {
  nodeConfigKeysKnown,
  nodeConfigsValid,
  nodeHeaderNamesValid,
  nodeKeysMatch,
  nodeTypesKnown,
} from './node-rules.js';
import type { ProjectRule, WorkflowRule } from './problem.js';
import { sharedFunctionsValid } from './shared-function-rules.js';
import { workflowIdsUnique, workflowNamesUniquePerTarget, workflowTargetExists } from './workflow-rules.js';

/** Rules about catalyst.json alone. */
const MANIFEST_RULES: readonly ProjectRule[] = [
  manifestKeysMatch,
  envAndSecretNamesDiffer,
  sharedFunctionsValid,
];

/** Rules about one workflow file; they hold even when other workflow files could not be read. */
const WORKFLOW_RULES: readonly WorkflowRule[] = [
  workflowTargetExists,
  nodeKeysMatch,
  nodeTypesKnown,
  nodeConfigsValid,
  nodeConfigKeysKnown,
  nodeHeaderNamesValid,
  edgeEndsExist,
  edgeIdsUnique,
  edgeHandlesMatchOutputs,
  workflowIsAcyclic,
  publicPathsNotReserved,
  configReferencesValid,
  workflowSchemasValid,
  examplesValid,
];

/** Rules across workflows; they need every workflow, or they would report calls to a file that failed to load. */
const PROJECT_RULES: readonly ProjectRule[] = [
  workflowIdsUnique,
  workflowNamesUniquePerTarget,
  publicRoutesUnique,
  (project) => project.workflows.flatMap((loaded) => localCallsResolve(project, loaded)),
  callsAreAcyclic,
  callInputsMatchSchemas,
];

/**
 * The semantic rules (everything past JSON syntax and schemas). The studio runs this on
 * in-memory edits; `loadProject` runs it after parsing. Problems come sorted by file, then
 * in the order found.
 */
export function validateProject(project: Project): Problem[] {
  return runRules(project, { complete: true });
}

/**
 * The problems of one workflow file's own rules. They depend on nothing but that file and
 * catalyst.json, so a caller that saw the same two texts before may keep the answer and pass
 * it back as `known` (see `checkProject`).
 */
export function workflowFileProblems(project: Project, loaded: LoadedWorkflow): Problem[] {
  return WORKFLOW_RULES.flatMap((rule) => rule(project, loaded));
}

export interface CheckOptions {
  /** False when some workflow files failed to load: cross-workflow rules are skipped. */
  complete: boolean;
  /**
   * Per workflow file path: the `workflowFileProblems` of that file, from an earlier check of
   * the same file text under the same catalyst.json. Those files' own rules are not run again.
   */
  known?: ReadonlyMap<string, readonly Problem[]>;
}

export interface CheckResult {
  /** Every problem, sorted as `validateProject` sorts them. */
  problems: Problem[];
  /** Per workflow file path: its own rules' problems (taken from `known` or found now); a path two workflows share is left out. */
  byWorkflow: Map<string, Problem[]>;
}

/**
 * The rules in three parts: catalyst.json's, each workflow file's own (taken from `known`
 * when given), then the cross-workflow rules over the whole project. Same problems, same order
 * whether or not `known` was used.
 */
export function checkProject(project: Project, { complete, known }: CheckOptions): CheckResult {
  const byWorkflow = new Map<string, Problem[]>();
  const own: Problem[] = [];
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const { file } of project.workflows) (seen.has(file) ? shared : seen).add(file);
  for (const loaded of project.workflows) {
    // A path held by two workflows (only in hand-built projects) names neither: always checked.
    const unique = !shared.has(loaded.file);
    const kept = unique ? known?.get(loaded.file) : undefined;
    const found = kept ? [...kept] : workflowFileProblems(project, loaded);
    if (unique) byWorkflow.set(loaded.file, found);
    own.push(...found);
  }
  const problems = [
    ...MANIFEST_RULES.flatMap((rule) => rule(project)),
    ...own,
    ...(complete ? PROJECT_RULES.flatMap((rule) => rule(project)) : []),
  ];
  return { problems: sortProblems(problems), byWorkflow };
}

/** `complete: false` when some workflow files failed to load: cross-workflow rules are skipped. */
export function runRules(project: Project, { complete }: { complete: boolean }): Problem[] {
  return checkProject(project, { complete }).problems;
}

/** Stable: by file, then in the order found. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
