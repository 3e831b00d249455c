import type { Problem, Project } from '../project-files.js';
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
import { workflowIdsUnique, workflowNamesUniquePerTarget, workflowTargetExists } from './workflow-rules.js';

/** Rules about catalyst.json alone. */
const MANIFEST_RULES: readonly ProjectRule[] = [manifestKeysMatch, envAndSecretNamesDiffer];

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

/** `complete: false` when some workflow files failed to load: cross-workflow rules are skipped. */
export function runRules(project: Project, { complete }: { complete: boolean }): Problem[] {
  const problems = [
    ...MANIFEST_RULES.flatMap((rule) => rule(project)),
    ...project.workflows.flatMap((loaded) => WORKFLOW_RULES.flatMap((rule) => rule(project, loaded))),
    ...(complete ? PROJECT_RULES.flatMap((rule) => rule(project)) : []),
  ];
  return sortProblems(problems);
}

/** Stable: by file, then in the order found. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
