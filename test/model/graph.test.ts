import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  callEdges,
  childrenOf,
  findCallCycle,
  parentsOf,
  topologicalOrder,
  workflowCalls,
} from '../../src/model/graph.js';
import { demoProject, edge, find, node, workflow } from './fixtures.js';

function graph(ids: string[], edges: Array<[string, string]>) {
  return workflow({
    id: 'wf',
    name: 'wf',
    nodes: ids.map((id) => node(id, 'code', { code: 'return 1' })),
    edges: edges.map(([s, t]) => edge(s, t)),
  });
}

describe('topologicalOrder', () => {
  it('orders the demo workflow parents first', () => {
    expect(topologicalOrder(find(demoProject(), 'wf_main'))).toEqual({
      order: ['shape', 'extract', 'process', 'check', 'ok', 'reject'],
    });
  });

  it('breaks ties by node id, whatever the order of nodes and edges in the file', () => {
    const w = graph(
      ['z', 'b', 'a', 'm'],
      [
        ['z', 'm'],
        ['b', 'm'],
      ],
    );
    expect(topologicalOrder(w)).toEqual({ order: ['a', 'b', 'z', 'm'] });
    const shuffled = graph(
      ['m', 'a', 'z', 'b'],
      [
        ['b', 'm'],
        ['z', 'm'],
      ],
    );
    expect(topologicalOrder(shuffled)).toEqual({ order: ['a', 'b', 'z', 'm'] });
  });

  it('lets a node that became ready jump ahead of larger ids already waiting', () => {
    const w = graph(['a', 'c', 'b'], [['a', 'b']]);
    expect(topologicalOrder(w)).toEqual({ order: ['a', 'b', 'c'] });
  });

  it('counts a repeated edge once', () => {
    const w = graph(
      ['a', 'b'],
      [
        ['a', 'b'],
        ['a', 'b'],
      ],
    );
    expect(topologicalOrder(w)).toEqual({ order: ['a', 'b'] });
  });

  it('ignores edges to nodes that do not exist', () => {
    const w = graph(
      ['a', 'b'],
      [
        ['a', 'ghost'],
        ['ghost', 'b'],
      ],
    );
    expect(topologicalOrder(w)).toEqual({ order: ['a', 'b'] });
  });

  it('returns the nodes of a cycle in cycle order, from the smallest id', () => {
    const w = graph(
      ['start', 'x', 'y', 'w', 'after'],
      [
        ['start', 'y'],
        ['y', 'w'],
        ['w', 'x'],
        ['x', 'y'],
        ['x', 'after'],
      ],
    );
    expect(topologicalOrder(w)).toEqual({ cycle: ['w', 'x', 'y'] });
  });

  it('reports a self-loop as a cycle of one', () => {
    expect(
      topologicalOrder(
        graph(
          ['a', 'b'],
          [
            ['a', 'b'],
            ['b', 'b'],
          ],
        ),
      ),
    ).toEqual({ cycle: ['b'] });
  });

  it('orders an empty workflow as nothing', () => {
    expect(topologicalOrder(graph([], []))).toEqual({ order: [] });
  });
});

describe('parentsOf, childrenOf, ancestorsOf', () => {
  const w = graph(
    ['a', 'b', 'c', 'd'],
    [
      ['b', 'd'],
      ['a', 'd'],
      ['a', 'd'],
      ['a', 'b'],
      ['d', 'ghost'],
    ],
  );

  it('lists each parent once, sorted', () => {
    expect(parentsOf(w, 'd')).toEqual(['a', 'b']);
    expect(parentsOf(w, 'a')).toEqual([]);
  });

  it('lists each child once, sorted, ignoring missing nodes', () => {
    expect(childrenOf(w, 'a')).toEqual(['b', 'd']);
    expect(childrenOf(w, 'd')).toEqual([]);
  });

  it('finds every node that may run before a node', () => {
    expect([...ancestorsOf(w, 'd')].sort()).toEqual(['a', 'b']);
    expect([...ancestorsOf(w, 'c')]).toEqual([]);
  });

  it('terminates on cycles', () => {
    expect(
      [
        ...ancestorsOf(
          graph(
            ['a', 'b'],
            [
              ['a', 'b'],
              ['b', 'a'],
            ],
          ),
          'a',
        ),
      ].sort(),
    ).toEqual(['a', 'b']);
  });
});

describe('callEdges and findCallCycle', () => {
  it('lists the calls of workflowCall nodes', () => {
    expect(callEdges(demoProject())).toEqual([
      { from: 'wf_main', to: 'wf_extract', nodeId: 'extract', callType: 'local' },
      { from: 'wf_main', to: 'wf_process', nodeId: 'process', callType: 'local' },
    ]);
  });

  it('reads a missing callType as local and skips calls without a target id', () => {
    const project = demoProject();
    const main = find(project, 'wf_main');
    delete main.nodes['extract']!.config['callType'];
    main.nodes['process']!.config = { callType: 'http', httpUrl: 'https://x.example.com/api' };
    expect(callEdges(project)).toEqual([
      { from: 'wf_main', to: 'wf_extract', nodeId: 'extract', callType: 'local' },
    ]);
  });

  it("remembers each workflow object's calls; an edited copy (a new object) gets its own answer", () => {
    const main = find(demoProject(), 'wf_main');
    const calls = workflowCalls(main);
    expect(calls.map((c) => `${c.nodeId}→${c.to}`)).toEqual(['extract→wf_extract', 'process→wf_process']);
    expect(workflowCalls(main)).toBe(calls);
    const edited = structuredClone(main);
    edited.nodes['process']!.config['targetWorkflowId'] = 'wf_ping';
    expect(workflowCalls(edited).map((c) => `${c.nodeId}→${c.to}`)).toEqual([
      'extract→wf_extract',
      'process→wf_ping',
    ]);
    expect(workflowCalls(main)).toBe(calls);
  });

  it('finds no cycle in the demo', () => {
    expect(findCallCycle(demoProject())).toBeUndefined();
  });

  it('names a cycle of local calls, first id repeated at the end', () => {
    const project = demoProject();
    find(project, 'wf_process').nodes['back'] = node('back', 'workflowCall', { targetWorkflowId: 'wf_main' });
    expect(findCallCycle(project)).toEqual(['wf_main', 'wf_process', 'wf_main']);
  });

  it('finds a workflow calling itself', () => {
    const project = demoProject();
    find(project, 'wf_ping').nodes['self'] = node('self', 'workflowCall', { targetWorkflowId: 'wf_ping' });
    expect(findCallCycle(project)).toEqual(['wf_ping', 'wf_ping']);
  });

  it('does not follow http calls or calls to unknown workflows', () => {
    const project = demoProject();
    find(project, 'wf_process').nodes['back'] = node('back', 'workflowCall', {
      callType: 'http',
      targetWorkflowId: 'wf_main',
      httpUrl: 'https://x.example.com',
    });
    find(project, 'wf_extract').nodes['lost'] = node('lost', 'workflowCall', {
      targetWorkflowId: 'wf_nowhere',
    });
    expect(findCallCycle(project)).toBeUndefined();
  });
});
