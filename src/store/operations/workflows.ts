import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CatalystError } from '../../errors.js';
import { type Example, examplesSchema } from '../../model/examples.js';
import { callEdges } from '../../model/graph.js';
import { type JsonSchema, jsonSchemaSchema } from '../../model/json-schema.js';
import type { LoadedWorkflow } from '../../model/project-files.js';
import { slugify } from '../../model/slug.js';
import {
  type Endpoint,
  edgeSchema,
  endpointSchema,
  idSchema,
  type Visibility,
  visibilitySchema,
  type Workflow,
  workflowNameSchema,
  workflowNodeSchema,
  workflowSchema,
} from '../../model/workflow.js';
import { assertVersions, type ExpectedVersions } from '../file-version.js';
import { workflowFileFor } from '../project-folder.js';
import { parseInput } from './input.js';
import { findWorkflow, listWords, missingTarget } from './lookup.js';
import {
  asProject,
  type ProjectState,
  removeWorkflowFile,
  saveManifest,
  saveWorkflow,
  withProject,
} from './session.js';

export interface WorkflowInput {
  name: string;
  /** Chosen by Catalyst (`wf_…`) when absent. */
  id?: string;
  description?: string;
  /** Defaults to the project's only target, else to `local`. */
  deploymentTargetId?: string;
  visibility?: Visibility;
  endpoint?: Endpoint;
  nodes?: Workflow['nodes'];
  edges?: Workflow['edges'];
  /** Typed workflows and examples (DESIGN §12); null removes. */
  inputSchema?: JsonSchema | null;
  outputSchema?: JsonSchema | null;
  examples?: Example[] | null;
}

/** What a change may set; `null` clears an optional field. */
export interface WorkflowChanges {
  name?: string;
  description?: string | null;
  deploymentTargetId?: string;
  visibility?: Visibility;
  endpoint?: Endpoint | null;
  nodes?: Workflow['nodes'];
  edges?: Workflow['edges'];
}

const createSchema = z.object({
  name: workflowNameSchema,
  id: idSchema.optional(),
  description: z.string().optional(),
  deploymentTargetId: z.string().min(1).optional(),
  visibility: visibilitySchema.default('internal'),
  endpoint: endpointSchema.optional(),
  nodes: z.record(z.string(), workflowNodeSchema).default({}),
  edges: z.array(edgeSchema).default([]),
});

const changesSchema = z.object({
  name: workflowNameSchema.optional(),
  description: z.union([z.string(), z.null()]).optional(),
  deploymentTargetId: z.string().min(1).optional(),
  visibility: visibilitySchema.optional(),
  endpoint: z.union([endpointSchema, z.null()]).optional(),
  nodes: z.record(z.string(), workflowNodeSchema).optional(),
  edges: z.array(edgeSchema).optional(),
  inputSchema: z.union([jsonSchemaSchema, z.null()]).optional(),
  outputSchema: z.union([jsonSchemaSchema, z.null()]).optional(),
  examples: z.union([examplesSchema, z.null()]).optional(),
});

export async function createWorkflow(dir: string, input: WorkflowInput): Promise<LoadedWorkflow> {
  return withProject(dir, async (state) => {
    const parsed = parseInput(createSchema, input, 'workflow');
    assertNameFree(state, parsed.name);
    const id = parsed.id ?? newWorkflowId(state);
    if (state.workflows.some((w) => w.workflow.id === id)) {
      throw new CatalystError('conflict', `A workflow with id ${id} already exists: choose another id.`);
    }
    const targetId = parsed.deploymentTargetId ?? defaultTarget(state);
    if (!state.manifest.deploymentTargets[targetId]) throw missingTarget(state, targetId);
    const workflow = parseInput(
      workflowSchema,
      {
        id,
        name: parsed.name,
        ...(parsed.description === undefined ? {} : { description: parsed.description }),
        deploymentTargetId: targetId,
        visibility: parsed.visibility,
        ...(parsed.endpoint === undefined ? {} : { endpoint: parsed.endpoint }),
        nodes: parsed.nodes,
        edges: parsed.edges,
      },
      'workflow',
    );
    const file = workflowFileFor(
      workflow.name,
      state.workflows.map((w) => w.file),
    );
    const saved = await saveWorkflow(state, { file, workflow });
    state.workflows.push(saved);
    await saveManifest(state);
    return saved;
  });
}

/**
 * Changes a workflow. A new name keeps the id — so every call to it stays valid — and
 * moves the file to the new slug (the old file is removed, as `git mv` would).
 */
export async function updateWorkflow(
  dir: string,
  ref: string,
  changes: WorkflowChanges,
  expected?: ExpectedVersions,
): Promise<LoadedWorkflow> {
  return withProject(dir, async (state) => {
    await assertVersions(state, expected);
    const current = findWorkflow(state, ref);
    const patch = parseInput(changesSchema, changes, `changes to workflow ${current.workflow.name}`);
    const next: Record<string, unknown> = { ...current.workflow };
    if (patch.name !== undefined && patch.name !== current.workflow.name) {
      assertNameFree(state, patch.name, current.workflow.id);
      next['name'] = patch.name;
    }
    if (patch.description === null) delete next['description'];
    else if (patch.description !== undefined) next['description'] = patch.description;
    if (patch.deploymentTargetId !== undefined) {
      if (!state.manifest.deploymentTargets[patch.deploymentTargetId]) {
        throw missingTarget(state, patch.deploymentTargetId);
      }
      next['deploymentTargetId'] = patch.deploymentTargetId;
    }
    if (patch.visibility !== undefined) next['visibility'] = patch.visibility;
    if (patch.endpoint === null) delete next['endpoint'];
    else if (patch.endpoint !== undefined) next['endpoint'] = patch.endpoint;
    if (patch.nodes !== undefined) next['nodes'] = patch.nodes;
    if (patch.edges !== undefined) next['edges'] = patch.edges;
    for (const key of ['inputSchema', 'outputSchema', 'examples'] as const) {
      if (patch[key] === null) delete next[key];
      else if (patch[key] !== undefined) next[key] = patch[key];
    }
    const workflow = parseInput(workflowSchema, next, `workflow ${current.workflow.name}`);

    let file = current.file;
    if (slugify(workflow.name) !== slugify(current.workflow.name)) {
      file = workflowFileFor(
        workflow.name,
        state.workflows.filter((w) => w !== current).map((w) => w.file),
      );
    }
    const saved = await saveWorkflow(state, { file, workflow });
    if (file !== current.file) removeWorkflowFile(state, current.file);
    state.workflows[state.workflows.indexOf(current)] = saved;
    await saveManifest(state);
    return saved;
  });
}

export const renameWorkflow = (dir: string, ref: string, name: string, expected?: ExpectedVersions) =>
  updateWorkflow(dir, ref, { name }, expected);
export const assignWorkflowToTarget = (dir: string, ref: string, targetId: string) =>
  updateWorkflow(dir, ref, { deploymentTargetId: targetId });
export const setWorkflowVisibility = (dir: string, ref: string, visibility: Visibility) =>
  updateWorkflow(dir, ref, { visibility });
/** `null` removes the endpoint: a public workflow is then served at `POST /api/<slug>`. */
export const setWorkflowEndpoint = (dir: string, ref: string, endpoint: Endpoint | null) =>
  updateWorkflow(dir, ref, { endpoint });

/** Refused while other workflows call it: their calls would point at nothing. */
export async function deleteWorkflow(
  dir: string,
  ref: string,
  expected?: ExpectedVersions,
): Promise<LoadedWorkflow> {
  return withProject(dir, async (state) => {
    await assertVersions(state, expected);
    const doomed = findWorkflow(state, ref);
    const id = doomed.workflow.id;
    const callers = new Map<string, string[]>();
    for (const edge of callEdges(asProject(state))) {
      if (edge.to !== id || edge.from === id) continue;
      callers.set(edge.from, [...(callers.get(edge.from) ?? []), edge.nodeId]);
    }
    if (callers.size > 0) {
      const names = [...callers].map(([from, nodes]) => {
        const name = state.workflows.find((w) => w.workflow.id === from)?.workflow.name ?? from;
        return `${name} (${nodes.length === 1 ? 'node' : 'nodes'} ${listWords(nodes)})`;
      });
      throw new CatalystError(
        'in_use',
        `Cannot delete workflow ${doomed.workflow.name}: it is called by ${listWords(names)}. Remove those calls first.`,
        { file: doomed.file },
      );
    }
    removeWorkflowFile(state, doomed.file);
    state.workflows = state.workflows.filter((w) => w !== doomed);
    await saveManifest(state);
    return doomed;
  });
}

/**
 * A new or renamed workflow needs a name of its own and a slug of its own: two workflows
 * with one slug would share a file and Python module name (`Fetch-Order` next to
 * `Fetch Order` would silently become `fetch_order_2`), so that is refused with a free name.
 */
function assertNameFree(state: ProjectState, name: string, exceptId?: string): void {
  const others = state.workflows.filter((w) => w.workflow.id !== exceptId);
  const wanted = name.trim().toLowerCase();
  const clash = others.find((w) => w.workflow.name.trim().toLowerCase() === wanted);
  if (clash) {
    throw new CatalystError(
      'conflict',
      `A workflow named ${clash.workflow.name} already exists (${clash.file}): choose another name.`,
      { path: '$.name' },
    );
  }
  const slug = slugify(name);
  const taken = (s: string) =>
    others.some((w) => slugify(w.workflow.name) === s || w.file.toLowerCase() === `workflows/${s}.json`);
  const sameSlug = others.find((w) => slugify(w.workflow.name) === slug);
  if (sameSlug) {
    let n = 2;
    while (taken(slugify(`${sameSlug.workflow.name} ${n}`))) n++;
    throw new CatalystError(
      'conflict',
      `The name "${name}" collides with the workflow "${sameSlug.workflow.name}": both would be the file and Python module ${slug} (${sameSlug.file}). Choose another name, e.g. "${sameSlug.workflow.name} ${n}".`,
      { path: '$.name' },
    );
  }
}

function defaultTarget(state: ProjectState): string {
  const ids = Object.keys(state.manifest.deploymentTargets);
  if (ids.length === 1) return ids[0]!;
  if (ids.includes('local')) return 'local';
  throw new CatalystError(
    'invalid_input',
    ids.length === 0
      ? 'The project has no deployment target: add one first (`catalyst target add ID --platform docker`).'
      : `Choose a deployment target for the workflow (one of ${listWords(ids)}).`,
  );
}

function newWorkflowId(state: ProjectState): string {
  const taken = new Set(state.workflows.map((w) => w.workflow.id));
  for (;;) {
    const id = `wf_${randomBytes(4).toString('hex')}`;
    if (!taken.has(id)) return id;
  }
}
