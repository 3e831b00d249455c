/**
 * The app of the call-cost benchmark: three public workflows doing the same work — a prepare step,
 * then the same "child" step three times — flat (inline code nodes), through 3 local Call Workflow
 * steps, and through the same 3 steps as HTTP calls to the app's own public child endpoint.
 * bench/baseline/app.py is the same logic written by hand.
 */
import { type ProjectManifest, projectManifestSchema } from '../../src/model/project.js';
import type { Project } from '../../src/model/project-files.js';
import { type Workflow, workflowSchema } from '../../src/model/workflow.js';

export const CALL_TARGET = 'bench';
export const CALLS_PER_REQUEST = 3;
/** The app's own base URL, given to it at start-up (the port is only known then). */
export const SELF_URL_ENV = 'BENCH_SELF_URL';

/** One step of work, identical in the child workflow, the flat workflow and the hand-written app. */
export const CHILD_CODE = 'return {"value": input["value"] * 2, "stage": "child", "hops": input["hops"] + 1}';

export const REQUEST_BODY = '{"value": 21}';
/** What every variant computes from REQUEST_BODY: 21 doubled three times, three hops. */
export const EXPECTED = { value: 168, stage: 'child', hops: 3 } as const;

export const ENDPOINTS = {
  flat: '/api/bench_flat',
  local: '/api/bench_local',
  http: '/api/bench_http',
  child: '/api/bench_child',
} as const;
export type Variant = 'flat' | 'local' | 'http';
export const VARIANTS: readonly Variant[] = ['flat', 'local', 'http'];

type NodeSpec = { id: string; type: string; name: string; config: Record<string, unknown> };

const prepare: NodeSpec = {
  id: 'prepare',
  type: 'transform',
  name: 'Prepare',
  config: { fields: { value: '{{ input.value }}', stage: 'parent', hops: 0 } },
};

function workflow(id: string, path: string, nodes: NodeSpec[]): Workflow {
  return workflowSchema.parse({
    id,
    name: id,
    deploymentTargetId: CALL_TARGET,
    visibility: 'public',
    endpoint: { method: 'POST', path },
    nodes: Object.fromEntries(nodes.map((n, k) => [n.id, { ...n, position: { x: k * 240, y: 0 } }])),
    edges: nodes.slice(1).map((n, k) => ({ id: `e${k + 1}`, source: nodes[k]!.id, target: n.id })),
  });
}

function callStep(k: number, callType: 'local' | 'http'): NodeSpec {
  // A call node's output is {result, …}: steps after the first pass the previous result on.
  const input = k === 1 ? {} : { input: '"{{ input.result }}"' };
  const target =
    callType === 'local'
      ? { targetWorkflowId: 'bench_child' }
      : { httpUrl: `{{ env.${SELF_URL_ENV} }}${ENDPOINTS.child}` };
  return {
    id: `call${k}`,
    type: 'workflowCall',
    name: `Call child ${k}`,
    config: { callType, ...target, ...input, timeout: 30 },
  };
}

const steps = [1, 2, 3];

export function callWorkflows(): Workflow[] {
  return [
    workflow('bench_child', ENDPOINTS.child, [
      { id: 'step', type: 'code', name: 'Child logic', config: { code: CHILD_CODE } },
    ]),
    workflow('bench_flat', ENDPOINTS.flat, [
      prepare,
      ...steps.map((k) => ({
        id: `step${k}`,
        type: 'code',
        name: `Step ${k}`,
        config: { code: CHILD_CODE },
      })),
    ]),
    workflow('bench_local', ENDPOINTS.local, [prepare, ...steps.map((k) => callStep(k, 'local'))]),
    workflow('bench_http', ENDPOINTS.http, [prepare, ...steps.map((k) => callStep(k, 'http'))]),
  ];
}

export function callManifest(): ProjectManifest {
  return projectManifestSchema.parse({
    schemaVersion: 1,
    id: 'proj_benchcalls',
    name: 'bench-calls',
    version: '0.1.0',
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    deploymentTargets: {
      [CALL_TARGET]: { id: CALL_TARGET, name: 'Bench', platform: 'docker', platformConfig: {} },
    },
    envVars: { [SELF_URL_ENV]: 'http://127.0.0.1:8080' },
  });
}

export function callProject(): Project {
  return {
    manifest: callManifest(),
    workflows: callWorkflows().map((w) => ({ file: `workflows/${w.id}.json`, workflow: w })),
  };
}

/** The business result inside each variant's response: local/http calls wrap it in {result, …}. */
export function unwrapResult(variant: Variant, body: unknown): unknown {
  if (variant === 'flat') return body;
  return (body as { result?: unknown } | null)?.result;
}
