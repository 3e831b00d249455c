import { topologicalOrder, workflowCalls } from '../model/graph.js';
import type { PythonRequirement } from '../model/nodes/definition.js';
import { nodeDefinition } from '../model/nodes/registry.js';
import type { LoadedWorkflow, Project } from '../model/project-files.js';
import type { Workflow } from '../model/workflow.js';
import { nodeSecrets } from './node-expressions.js';
import { NameResolver, workflowModuleBase } from './python/names.js';
import { parsedConfig } from './python/node-config.js';
import type { PlannedWorkflow, TargetPlan } from './types.js';

/** What every generated app needs, whatever its nodes; minimums that Debian 12's packages satisfy. */
export const BASE_REQUIREMENTS: readonly PythonRequirement[] = [
  { name: 'fastapi', min: '0.92' },
  { name: 'httpx', min: '0.23' },
  { name: 'uvicorn[standard]', min: '0.17' },
];

/**
 * Decides everything about one target's app once: which workflows, their module names,
 * node and workflow order, the secrets used, env vars and Python requirements. Expects a
 * validated project; a problem validation should have caught is thrown as a plain Error.
 */
export function planTarget(
  project: Project,
  targetId: string,
  opts: { commit?: string; generatorVersion: string },
): TargetPlan {
  const manifest = project.manifest;
  const target = manifest.deploymentTargets[targetId];
  if (target === undefined) {
    const known = Object.keys(manifest.deploymentTargets).sort();
    throw new Error(
      `Unknown deployment target "${targetId}"; the project has ${known.length ? known.join(', ') : 'none'}`,
    );
  }
  const loaded = project.workflows
    .filter((w) => w.workflow.deploymentTargetId === targetId)
    .sort((a, b) => compare(a.workflow.id, b.workflow.id));
  const byId = new Map(loaded.map((w) => [w.workflow.id, w]));
  const modules = new NameResolver();
  const planned = new Map<string, PlannedWorkflow>();
  for (const w of loaded) {
    planned.set(w.workflow.id, {
      ...w,
      moduleName: modules.claim(workflowModuleBase(w.workflow.name)),
      order: workflowFacts(w.workflow).order,
      calls: localCalls(w, project, targetId, byId),
    });
  }

  const secrets = new Set<string>();
  const requirements = new Map<string, PythonRequirement>();
  for (const r of BASE_REQUIREMENTS) requirements.set(r.name, r);
  for (const w of loaded) {
    const facts = workflowFacts(w.workflow);
    for (const name of facts.secrets) secrets.add(name);
    for (const r of facts.requirements) addRequirement(requirements, r);
  }

  return {
    project,
    target,
    workflows: callOrder([...planned.values()]),
    secrets: [...secrets].sort(),
    envVars: Object.entries(manifest.envVars).sort(([a], [b]) => compare(a, b)),
    requirements: [...requirements.values()].sort((a, b) => compare(a.name, b.name)),
    ...(opts.commit === undefined ? {} : { commit: opts.commit }),
    generatorVersion: opts.generatorVersion,
  };
}

export interface WorkflowFacts {
  order: string[];
  secrets: string[];
  requirements: PythonRequirement[];
}

/**
 * What planning learns from one workflow alone, remembered per workflow object: a caller that
 * keeps the parsed workflows of unchanged files (src/build/load-memo.ts) plans only the changed
 * ones again. Workflow objects are never changed after parsing, so the answer cannot go stale.
 */
const factsOf = new WeakMap<Workflow, WorkflowFacts>();

function workflowFacts(workflow: Workflow): WorkflowFacts {
  const known = factsOf.get(workflow);
  if (known) return known;
  const secrets = new Set<string>();
  const requirements: PythonRequirement[] = [];
  for (const node of Object.values(workflow.nodes)) {
    const { config } = parsedConfig(node, workflow.name);
    for (const name of nodeSecrets(node)) secrets.add(name);
    requirements.push(...nodeDefinition(node.type)!.packages(config));
  }
  const facts = { order: nodeOrder(workflow), secrets: [...secrets], requirements };
  factsOf.set(workflow, facts);
  return facts;
}

/** The facts planning already learnt from this workflow object, if any (to keep them beside it). */
export function knownWorkflowFacts(workflow: Workflow): WorkflowFacts | undefined {
  return factsOf.get(workflow);
}

/**
 * Gives planning the facts of a workflow object, as `workflowFacts` found them for the same
 * workflow with the same compiler (a caller that kept them: src/build/project-memo.ts).
 */
export function rememberWorkflowFacts(workflow: Workflow, facts: WorkflowFacts): void {
  factsOf.set(workflow, facts);
}

function addRequirement(into: Map<string, PythonRequirement>, r: PythonRequirement): void {
  const known = into.get(r.name);
  if (known === undefined || (known.min !== r.min && compareVersions(r.min, known.min) > 0))
    into.set(r.name, r);
}

/** Compares dotted versions numerically: 0.100 > 0.92. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function localCalls(
  w: LoadedWorkflow,
  project: Project,
  targetId: string,
  inTarget: Map<string, LoadedWorkflow>,
): string[] {
  const calls = new Set<string>();
  for (const call of workflowCalls(w.workflow)) {
    if (call.callType === 'http') continue;
    const calleeId = call.to;
    if (!inTarget.has(calleeId)) {
      const callee = project.workflows.find((c) => c.workflow.id === calleeId);
      const where = callee
        ? `is deployed to target "${callee.workflow.deploymentTargetId}"`
        : 'does not exist in this project';
      const node = w.workflow.nodes[call.nodeId]!;
      throw new Error(
        `Node "${node.name}" of workflow "${w.workflow.name}" calls workflow "${calleeId}" locally, ` +
          `but it ${where}; a local call needs both in target "${targetId}"`,
      );
    }
    calls.add(calleeId);
  }
  return [...calls].sort();
}

/** Node ids in topological order; among nodes ready at once, the smaller id first. */
function nodeOrder(workflow: Workflow): string[] {
  const result = topologicalOrder(workflow);
  if ('cycle' in result) {
    throw new Error(`Cannot plan: workflow "${workflow.name}" has a cycle: ${result.cycle.join(' → ')}`);
  }
  return result.order;
}

/** Callees before callers, ties by id. */
function callOrder(workflows: PlannedWorkflow[]): PlannedWorkflow[] {
  const byId = new Map(workflows.map((w) => [w.workflow.id, w]));
  const order = kahn(
    [...byId.keys()].sort(compare),
    (id) => byId.get(id)!.calls,
    'the workflows call each other in a cycle',
  );
  return order.map((id) => byId.get(id)!);
}

/**
 * Kahn's algorithm; among the ids ready at once, the smallest (in `ids`' order) is placed first.
 * Linear in ids and dependencies (apart from keeping the ready list sorted).
 */
function kahn(ids: string[], dependenciesOf: (id: string) => string[], cycleMessage: string): string[] {
  const rank = new Map(ids.map((id, i) => [id, i]));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const id of ids) {
    const deps = new Set(dependenciesOf(id));
    waiting.set(id, deps.size);
    for (const d of deps) (dependents.get(d) ?? dependents.set(d, []).get(d)!).push(id);
  }
  // Ranks of the ready ids, largest first, so the smallest is popped from the end.
  const ready = ids.filter((id) => waiting.get(id) === 0).map((id) => rank.get(id)!);
  ready.reverse();
  const order: string[] = [];
  while (ready.length > 0) {
    const next = ids[ready.pop()!]!;
    order.push(next);
    for (const dependent of dependents.get(next) ?? []) {
      const left = waiting.get(dependent)! - 1;
      waiting.set(dependent, left);
      if (left > 0) continue;
      const r = rank.get(dependent)!;
      let at = ready.length;
      while (at > 0 && ready[at - 1]! < r) at--;
      ready.splice(at, 0, r);
    }
  }
  if (order.length < ids.length) throw new Error(`Cannot plan: ${cycleMessage}`);
  return order;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
