import { describe, expect, it } from 'vitest';
import { demoProject } from '../../../src/model/demo.js';
import type { Workflow } from '../../../src/model/workflow.js';
import { checkWorkflow, type EditorProject } from '../../../src/web/editor/inline-problems.js';
import { problemLine, problemSentence } from '../../../src/web/editor/problem-words.js';

const demo = demoProject({ id: 'proj_1', name: 'demo', now: '2026-01-01T00:00:00.000Z' });
const project = demo as unknown as EditorProject;
const main = demo.workflows.find((w) => w.workflow.name === 'main_workflow')!;

/** The model's problems for main_workflow changed by `edit`, as lines of the studio's problem lists. */
function linesFor(edit: (w: Workflow) => Workflow) {
  const workflow = edit(structuredClone(main.workflow));
  return checkWorkflow(project, main.file, workflow).map((p) => problemLine(p, workflow));
}

describe('problem lines: node names and field labels, never ids or config paths', () => {
  it('an empty Condition: the node by name, the field by label, what to do', () => {
    const [line] = linesFor((w) => {
      w.nodes['check'] = {
        id: 'check',
        type: 'condition',
        name: 'Is VIP',
        position: { x: 0, y: 0 },
        config: { expression: '' },
      };
      w.edges.push({ id: 'e_shape_check', source: 'shape', target: 'check' });
      return w;
    });
    expect(line).toMatchObject({
      node: 'Is VIP',
      field: 'Expression',
      fieldKey: 'expression',
      nodeId: 'check',
    });
    expect(line!.message).not.toMatch(/check|expression'|Missing required field/);
    expect(problemSentence(line!)).toMatch(/^Is VIP › Expression: /);
  });

  it('a local call without a workflow says "choose the workflow to call" under Workflow', () => {
    const lines = linesFor((w) => {
      delete w.nodes['extract']!.config['targetWorkflowId'];
      return w;
    });
    expect(lines.map(problemSentence)).toEqual(['Extract data › Workflow: Choose the workflow to call']);
  });

  it('a cycle names the nodes by name and carries the edges along it', () => {
    const [line] = linesFor((w) => {
      w.edges.push({ id: 'e_back', source: 'extract', target: 'shape' });
      return w;
    });
    expect(line!.message).toBe(
      'These steps form a loop: Extract data → Shape input → Extract data. Remove one of these edges so every node runs after the nodes it needs',
    );
    expect(line!.edgeIds).toEqual(['e_back', 'e_shape_extract']);
    expect(line!.nodeId).toBe('extract');
  });

  it('without the workflow at hand the raw message stays', () => {
    const problem = { file: 'catalyst.json', path: '$.name', message: 'Name is required' };
    expect(problemLine(problem, undefined)).toMatchObject({
      node: null,
      field: null,
      message: 'Name is required',
    });
  });
});
