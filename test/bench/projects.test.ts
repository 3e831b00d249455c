import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHILD_CODE,
  callProject,
  ENDPOINTS,
  EXPECTED,
  REQUEST_BODY,
  SELF_URL_ENV,
  VARIANTS,
} from '../../bench/calls/call-project.js';
import {
  calleeOf,
  NODES_PER_WORKFLOW,
  syntheticProject,
  workflowId,
} from '../../bench/codegen/synthetic-project.js';
import { servePython } from '../../bench/lib/python-server.js';
import { findCallCycle, topologicalOrder } from '../../src/model/graph.js';
import { NODE_TYPES } from '../../src/model/nodes/registry.js';

describe('synthetic code generation projects', () => {
  const project = syntheticProject(100);

  it('have 20 nodes per workflow and every node type in each workflow that calls another', () => {
    expect(project.workflows).toHaveLength(100);
    for (const { workflow } of project.workflows) {
      const nodes = Object.values(workflow.nodes);
      expect(nodes).toHaveLength(NODES_PER_WORKFLOW);
      expect('order' in topologicalOrder(workflow)).toBe(true);
      if (workflow.id !== workflowId(0))
        expect(new Set(nodes.map((n) => n.type))).toEqual(new Set(NODE_TYPES));
    }
  });

  it('call each other locally as a tree: no cycle, depth ≈ log2 N', () => {
    expect(findCallCycle(syntheticProject(1000))).toBeUndefined();
    const depth = (i: number): number => (calleeOf(i) === undefined ? 0 : 1 + depth(calleeOf(i)!));
    expect(depth(999)).toBe(9);
    const call = project.workflows[7]!.workflow.nodes.call!;
    expect(call.config).toMatchObject({ callType: 'local', targetWorkflowId: workflowId(3) });
  });

  it('differ in exactly one workflow for the "one changed" regeneration', () => {
    const a = syntheticProject(10);
    const b = syntheticProject(10, 9);
    const differing = a.workflows.filter((w, i) => JSON.stringify(w) !== JSON.stringify(b.workflows[i]));
    expect(differing.map((w) => w.workflow.id)).toEqual([workflowId(9)]);
    expect(JSON.stringify(syntheticProject(10))).toBe(JSON.stringify(a));
  });
});

describe('call-cost project', () => {
  it('does the same child step inline, through local calls and through HTTP calls to its own child endpoint', () => {
    const byId = Object.fromEntries(callProject().workflows.map((w) => [w.workflow.id, w.workflow]));
    expect(Object.values(byId.bench_flat!.nodes).filter((n) => n.config.code === CHILD_CODE)).toHaveLength(3);
    expect(Object.values(byId.bench_local!.nodes).map((n) => n.config.targetWorkflowId ?? null)).toEqual([
      null,
      'bench_child',
      'bench_child',
      'bench_child',
    ]);
    expect(byId.bench_http!.nodes.call2!.config).toMatchObject({
      callType: 'http',
      httpUrl: `{{ env.${SELF_URL_ENV} }}${ENDPOINTS.child}`,
      input: '"{{ input.result }}"',
    });
  });

  it('has a hand-written twin in bench/baseline/app.py that answers every variant with the expected result', async () => {
    const server = await servePython({
      cwd: path.resolve(import.meta.dirname, '../../bench/baseline'),
      app: 'app:app',
      readyPath: '/health',
      envForPort: (port) => ({ [SELF_URL_ENV]: `http://127.0.0.1:${port}` }),
    });
    try {
      for (const v of VARIANTS) {
        const res = await fetch(`${server.url}${ENDPOINTS[v]}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: REQUEST_BODY,
        });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual(EXPECTED);
      }
    } finally {
      await server.stop();
    }
  });
});
