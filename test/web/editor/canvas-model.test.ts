import { describe, expect, it } from 'vitest';
import { demoProject } from '../../../src/model/demo.js';
import type { Workflow } from '../../../src/model/workflow.js';
import { fromCanvas, toCanvas } from '../../../src/web/editor/canvas-model.js';
import {
  addNode,
  connect,
  newNode,
  removeElements,
  setConfigValue,
} from '../../../src/web/editor/editor-ops.js';
import { nextEdgeId, nextNodeId } from '../../../src/web/editor/node-ids.js';
import { stableText } from '../../../src/web/editor/stable-text.js';

const demo = demoProject({ id: 'proj_1', name: 'demo', now: '2026-01-01T00:00:00.000Z' });
const main = demo.workflows.find((w) => w.workflow.name === 'main_workflow')!.workflow;

describe('model ↔ canvas', () => {
  it('round-trips every workflow of the demo exactly', () => {
    for (const { workflow } of demo.workflows) {
      const { nodes, edges, base } = toCanvas(workflow);
      expect(fromCanvas(nodes, edges, base)).toEqual(workflow);
    }
  });

  it('puts model nodes on the canvas with their type, name, config and ports', () => {
    const { nodes, edges, base } = toCanvas(main);
    expect(nodes.map((n) => [n.id, n.type, n.data.type, n.data.name, n.position])).toEqual([
      ['shape', 'catalyst', 'transform', 'Shape input', { x: 0, y: 0 }],
      ['extract', 'catalyst', 'workflowCall', 'Extract data', { x: 360, y: 0 }],
      ['process', 'catalyst', 'workflowCall', 'Process results', { x: 720, y: 0 }],
    ]);
    expect(edges).toEqual([
      { id: 'e_shape_extract', source: 'shape', target: 'extract' },
      { id: 'e_extract_process', source: 'extract', target: 'process' },
    ]);
    expect(base).toEqual({
      id: 'wf_main',
      name: 'main_workflow',
      description: main.description,
      deploymentTargetId: 'local',
      visibility: 'public',
      endpoint: { method: 'POST', path: '/api/main' },
      // Everything but the graph rides along unchanged: the demo's schemas and examples too.
      inputSchema: main.inputSchema,
      outputSchema: main.outputSchema,
      examples: main.examples,
    });
  });

  it('keeps React Flow state out of the file and rounds positions', () => {
    const { nodes, edges, base } = toCanvas(main);
    const dragged = nodes.map((n, i) =>
      i === 0
        ? {
            ...n,
            position: { x: 10.4, y: -3.6 },
            selected: true,
            dragging: true,
            measured: { width: 224, height: 80 },
          }
        : n,
    );
    const styled = edges.map((e) => ({ ...e, selected: true, animated: true, sourceHandle: null }));
    const workflow = fromCanvas(dragged, styled, base);
    expect(workflow.nodes['shape']).toEqual({ ...main.nodes['shape'], position: { x: 10, y: -4 } });
    expect(workflow.edges).toEqual(main.edges);
  });

  it('keeps the true/false handles of a condition node', () => {
    const wf: Workflow = {
      ...main,
      nodes: {
        check: {
          id: 'check',
          type: 'condition',
          name: 'Big?',
          position: { x: 0, y: 0 },
          config: { expression: 'input.n > 1' },
        },
        yes: { id: 'yes', type: 'transform', name: 'Yes', position: { x: 1, y: 1 }, config: { fields: {} } },
      },
      edges: [{ id: 'e1', source: 'check', target: 'yes', sourceHandle: 'true' }],
    };
    const c = toCanvas(wf);
    expect(c.edges[0]!.sourceHandle).toBe('true');
    expect(fromCanvas(c.nodes, c.edges, c.base)).toEqual(wf);
  });
});

describe('ids from the model', () => {
  it('numbers node ids by type, skipping ids in use', () => {
    expect(nextNodeId('transform', [])).toBe('transform_1');
    expect(nextNodeId('transform', ['transform_1', 'transform_3'])).toBe('transform_2');
    expect(nextNodeId('workflowCall', ['workflowCall_1'])).toBe('workflowCall_2');
  });

  it('names edges after their ends', () => {
    expect(nextEdgeId('a', 'b', [])).toBe('e_a_b');
    expect(nextEdgeId('a', 'b', ['e_a_b'])).toBe('e_a_b_1');
  });
});

describe('editor operations', () => {
  const start = () => toCanvas(main);

  it('adds a node with its registry defaults and a free id', () => {
    const s = start();
    const node = newNode('workflowCall', { x: 10.6, y: 20.2 }, s.nodes);
    expect(node.id).toBe('workflowCall_1');
    expect(node.position).toEqual({ x: 11, y: 20 });
    expect(node.data).toEqual({
      type: 'workflowCall',
      name: 'Call workflow 3',
      config: { callType: 'local', timeout: 30 },
    });
    const t = newNode('transform', { x: 0, y: 0 }, s.nodes);
    expect(t.data.config).toEqual({ fields: {} });
    const after = addNode(s, node);
    expect(after.nodes.map((n) => n.id)).toEqual(['shape', 'extract', 'process', 'workflowCall_1']);
    expect(newNode('workflowCall', { x: 0, y: 0 }, after.nodes).data.name).toBe('Call workflow 4');
    expect(newNode('response', { x: 0, y: 0 }, after.nodes).data.name).toBe('Response');
  });

  it('deleting a node takes its edges with it', () => {
    const s = removeElements(start(), ['extract'], []);
    expect(s.nodes.map((n) => n.id)).toEqual(['shape', 'process']);
    expect(s.edges).toEqual([]);
  });

  it('connects once, never a node to itself', () => {
    const s = removeElements(start(), [], ['e_shape_extract']);
    const c = { source: 'shape', target: 'extract', sourceHandle: null, targetHandle: null };
    const joined = connect(s, c);
    expect(joined.edges.at(-1)).toEqual({ id: 'e_shape_extract', source: 'shape', target: 'extract' });
    expect(connect(joined, c)).toBe(joined);
    expect(connect(joined, { ...c, target: 'shape' })).toBe(joined);
  });

  it('an emptied config value is removed so the default applies', () => {
    const s = setConfigValue(start(), 'extract', 'timeout', undefined);
    expect(s.nodes[1]!.data.config).not.toHaveProperty('timeout');
    expect(setConfigValue(s, 'extract', 'timeout', 60).nodes[1]!.data.config['timeout']).toBe(60);
  });

  it('compares workflows by content, not key order', () => {
    expect(stableText({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(
      stableText({ a: { c: [3, { e: 2, f: 1 }], d: 2 }, b: 1 }),
    );
  });
});
