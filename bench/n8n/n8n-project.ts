/**
 * The n8n peer kit's workflows as a Catalyst project: POST /bench-flat does Prepare + Child logic
 * inline; POST /bench does Prepare, then calls the child workflow locally (n8n: Execute
 * Workflow). Same data in, same fields out as bench/n8n/workflows.json.
 */
import { projectManifestSchema } from '../../src/model/project.js';
import type { Project } from '../../src/model/project-files.js';
import { type Workflow, workflowSchema } from '../../src/model/workflow.js';

export const N8N_TARGET = 'bench';
export const CHILD_LOGIC = 'return {**input, "child": True, "doubled": input["value"] * 2}';
export const N8N_BODY = '{"value": 21}';
export const N8N_EXPECTED = { value: 21, stage: 'parent', child: true, doubled: 42 } as const;

export const PATHS = {
  /** Catalyst endpoints */
  flat: '/bench-flat',
  parent: '/bench',
  /** n8n production webhooks */
  n8nFlat: '/webhook/bench-flat',
  n8nParent: '/webhook/bench',
} as const;

type NodeSpec = { id: string; type: string; name: string; config: Record<string, unknown> };

const prepare: NodeSpec = {
  id: 'prepare',
  type: 'transform',
  name: 'Prepare',
  config: { fields: { value: '{{ input.value }}', stage: 'parent' } },
};
const childLogic: NodeSpec = {
  id: 'child_logic',
  type: 'code',
  name: 'Child logic',
  config: { code: CHILD_LOGIC },
};

function chain(id: string, visibility: 'public' | 'internal', nodes: NodeSpec[], path?: string): Workflow {
  return workflowSchema.parse({
    id,
    name: id,
    deploymentTargetId: N8N_TARGET,
    visibility,
    ...(path ? { endpoint: { method: 'POST', path } } : {}),
    nodes: Object.fromEntries(nodes.map((n, k) => [n.id, { ...n, position: { x: k * 240, y: 0 } }])),
    edges: nodes.slice(1).map((n, k) => ({ id: `e${k + 1}`, source: nodes[k]!.id, target: n.id })),
  });
}

export function n8nEquivalentProject(): Project {
  const workflows = [
    chain('bench_child', 'internal', [childLogic]),
    chain('bench_flat', 'public', [prepare, childLogic], PATHS.flat),
    chain(
      'bench_parent',
      'public',
      [
        prepare,
        {
          id: 'call_child',
          type: 'workflowCall',
          name: 'Call child',
          config: { callType: 'local', targetWorkflowId: 'bench_child', timeout: 30 },
        },
      ],
      PATHS.parent,
    ),
  ];
  return {
    manifest: projectManifestSchema.parse({
      schemaVersion: 1,
      id: 'proj_benchn8n',
      name: 'bench-n8n',
      version: '0.1.0',
      createdAt: '2026-01-05T10:00:00.000Z',
      updatedAt: '2026-01-05T10:00:00.000Z',
      deploymentTargets: {
        [N8N_TARGET]: { id: N8N_TARGET, name: 'Bench', platform: 'docker', platformConfig: {} },
      },
    }),
    workflows: workflows.map((w) => ({ file: `workflows/${w.id}.json`, workflow: w })),
  };
}
