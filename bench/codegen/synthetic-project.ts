/**
 * Synthetic projects for the code generation benchmark: N workflows × 20 nodes, every node type in
 * every workflow, local calls between workflows (a binary tree: workflow i calls workflow
 * ⌊(i−1)/2⌋, so there is no cycle and the call depth stays ≈ log2 N, far under the cap of 32).
 * Built in code with the model's own schemas, so a project here is exactly what the store would load.
 */
import { type ProjectManifest, projectManifestSchema } from '../../src/model/project.js';
import type { LoadedWorkflow, Project } from '../../src/model/project-files.js';
import { type Workflow, workflowSchema } from '../../src/model/workflow.js';

export const NODES_PER_WORKFLOW = 20;
export const SYNTHETIC_TARGET = 'production';
const STAMP = '2026-01-05T10:00:00.000Z';

export function workflowName(i: number): string {
  return `wf_${String(i).padStart(4, '0')}`;
}

export function workflowId(i: number): string {
  return `wf${String(i).padStart(4, '0')}`;
}

/** Workflow i's local callee, or undefined for the root. */
export function calleeOf(i: number): number | undefined {
  return i === 0 ? undefined : Math.floor((i - 1) / 2);
}

type NodeSpec = { id: string; type: string; name: string; config: Record<string, unknown> };

/** The 20 nodes of workflow i, in a shape that exercises the executor: a condition, a fan-out/fan-in, joins. */
function nodesOf(i: number, variant: number): NodeSpec[] {
  const callee = calleeOf(i);
  const localCall: NodeSpec =
    callee === undefined
      ? {
          id: 'call',
          type: 'transform',
          name: 'No callee (root)',
          config: { fields: { result: '{{ input }}' } },
        }
      : {
          id: 'call',
          type: 'workflowCall',
          name: `Call ${workflowName(callee)}`,
          config: {
            callType: 'local',
            targetWorkflowId: workflowId(callee),
            input: '{"value": "{{ nodes.shape.value }}", "from": "' + workflowName(i) + '"}',
            timeout: 30,
          },
        };
  return [
    {
      id: 'shape',
      type: 'transform',
      name: 'Shape input',
      config: { fields: { value: '{{ input.value }}', kind: 'bench', index: i, variant } },
    },
    {
      id: 'check',
      type: 'condition',
      name: 'Large?',
      config: { expression: 'input.value > 10 and input.kind == "bench"' },
    },
    {
      id: 'enrich',
      type: 'code',
      name: 'Enrich',
      config: { code: `total = input["value"] * 2\nreturn {"total": total, "source": "enrich_${i}"}` },
    },
    {
      id: 'fallback',
      type: 'transform',
      name: 'Fallback',
      config: { fields: { total: 0, source: 'fallback' } },
    },
    {
      id: 'merge',
      type: 'transform',
      name: 'Merge branches',
      config: { fields: { enriched: '{{ nodes.enrich.total }}', fallback: '{{ nodes.fallback.total }}' } },
    },
    {
      id: 'fetch',
      type: 'httpRequest',
      name: 'Fetch item',
      config: {
        method: 'POST',
        url: '{{ env.API_BASE }}/items/{{ trigger.value }}',
        headers: { 'X-Bench': 'wf {{ trigger.value }}' },
        body: '{"id": "{{ trigger.value }}", "merged": "{{ input }}"}',
        timeout: 10,
      },
    },
    localCall,
    {
      id: 'remote',
      type: 'workflowCall',
      name: 'Call remote scorer',
      config: {
        callType: 'http',
        httpUrl: '{{ env.API_BASE }}/api/score',
        input: '{"v": "{{ trigger.value }}"}',
        timeout: 5,
      },
    },
    {
      id: 'ask',
      type: 'llm',
      name: 'Summarise',
      config: {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        system: 'You summarise.',
        prompt: 'Summarise {{ nodes.fetch.body }} for {{ trigger.value }}',
        apiKeySecret: 'LLM_API_KEY',
        maxTokens: 256,
      },
    },
    {
      id: 'query',
      type: 'postgresQuery',
      name: 'Load rows',
      config: {
        connectionSecret: 'DATABASE_URL',
        query: 'SELECT id, name FROM items WHERE id = $1 AND kind = $2',
        params: ['{{ trigger.value }}', 'bench'],
      },
    },
    {
      id: 'search',
      type: 'vectorSearch',
      name: 'Similar items',
      config: {
        urlSecret: 'QDRANT_URL',
        collection: 'items',
        vector: '{{ nodes.fetch.body.vector }}',
        limit: 5,
      },
    },
    ...[1, 2, 3, 4].map((k) => ({
      id: `fan${k}`,
      type: k % 2 === 0 ? 'code' : 'transform',
      name: `Fan-out ${k}`,
      config:
        k % 2 === 0
          ? { code: `return {"k": ${k}, "rows": len(input.get("query") or [])}` }
          : { fields: { k, label: `part ${k} of {{ trigger.value }}` } },
    })),
    {
      id: 'gather',
      type: 'transform',
      name: 'Gather',
      config: {
        fields: { parts: ['{{ nodes.fan1 }}', '{{ nodes.fan2 }}', '{{ nodes.fan3 }}', '{{ nodes.fan4 }}'] },
      },
    },
    {
      id: 'score',
      type: 'code',
      name: 'Score',
      config: { code: 'return {"score": len(input["parts"]), "ok": True}' },
    },
    {
      id: 'label',
      type: 'transform',
      name: 'Label',
      config: { fields: { label: 'score {{ input.score }} for {{ trigger.value }}' } },
    },
    {
      id: 'audit',
      type: 'transform',
      name: 'Audit',
      config: {
        fields: { label: '{{ input.label }}', workflow: workflowName(i), at: '{{ trigger.value }}' },
      },
    },
    {
      id: 'reply',
      type: 'response',
      name: 'Reply',
      config: {
        statusCode: 200,
        headers: { 'X-Workflow': workflowName(i) },
        body: '{"label": "{{ input.label }}", "call": "{{ nodes.call }}"}',
      },
    },
  ];
}

/** Edges of the 20 nodes: condition true/false, merge join, a chain, a 4-way fan-out and its join. */
function edgesOf(): Array<[source: string, target: string, handle?: string]> {
  return [
    ['shape', 'check'],
    ['check', 'enrich', 'true'],
    ['check', 'fallback', 'false'],
    ['enrich', 'merge'],
    ['fallback', 'merge'],
    ['merge', 'fetch'],
    ['fetch', 'call'],
    ['fetch', 'remote'],
    ['call', 'ask'],
    ['remote', 'ask'],
    ['ask', 'query'],
    ['query', 'search'],
    ['search', 'fan1'],
    ['search', 'fan2'],
    ['search', 'fan3'],
    ['search', 'fan4'],
    ['fan1', 'gather'],
    ['fan2', 'gather'],
    ['fan3', 'gather'],
    ['fan4', 'gather'],
    ['gather', 'score'],
    ['score', 'label'],
    ['label', 'audit'],
    ['audit', 'reply'],
  ];
}

/** Workflow i. `variant` changes one config value, for the "one workflow changed" regeneration. */
export function syntheticWorkflow(i: number, variant = 0): Workflow {
  const nodes = nodesOf(i, variant);
  const isPublic = i % 10 === 0;
  return workflowSchema.parse({
    id: workflowId(i),
    name: workflowName(i),
    description: `Synthetic workflow ${i}`,
    deploymentTargetId: SYNTHETIC_TARGET,
    visibility: isPublic ? 'public' : 'internal',
    ...(isPublic ? { endpoint: { method: 'POST', path: `/api/wf/${i}` } } : {}),
    nodes: Object.fromEntries(
      nodes.map((n, k) => [n.id, { ...n, position: { x: (k % 5) * 240, y: Math.floor(k / 5) * 160 } }]),
    ),
    edges: edgesOf().map(([source, target, handle], k) => ({
      id: `e${k + 1}`,
      source,
      target,
      ...(handle ? { sourceHandle: handle } : {}),
    })),
  });
}

export function syntheticManifest(workflows: number): ProjectManifest {
  return projectManifestSchema.parse({
    schemaVersion: 1,
    id: `proj_bench${workflows}`,
    name: `bench-${workflows}`,
    description: `Synthetic benchmark project: ${workflows} workflows × ${NODES_PER_WORKFLOW} nodes`,
    version: '0.1.0',
    createdAt: STAMP,
    updatedAt: STAMP,
    deploymentTargets: {
      [SYNTHETIC_TARGET]: {
        id: SYNTHETIC_TARGET,
        name: 'Production',
        platform: 'docker',
        platformConfig: {},
      },
    },
    envVars: { API_BASE: 'http://127.0.0.1:9' },
    secrets: {
      LLM_API_KEY: { name: 'LLM_API_KEY' },
      DATABASE_URL: { name: 'DATABASE_URL' },
      QDRANT_URL: { name: 'QDRANT_URL' },
    },
    sharedFunctions: {},
  });
}

/** A project of `workflows` workflows; `changed` = index of a workflow given another variant. */
export function syntheticProject(workflows: number, changed?: number): Project {
  const loaded: LoadedWorkflow[] = [];
  for (let i = 0; i < workflows; i++) {
    loaded.push({
      file: `workflows/${workflowName(i)}.json`,
      workflow: syntheticWorkflow(i, i === changed ? 1 : 0),
    });
  }
  return { manifest: syntheticManifest(workflows), workflows: loaded };
}
