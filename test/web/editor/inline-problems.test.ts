import { describe, expect, it } from 'vitest';
import { demoProject } from '../../../src/model/demo.js';
import type { Workflow } from '../../../src/model/workflow.js';
import { checkWorkflow, type EditorProject, indexProblems } from '../../../src/web/editor/inline-problems.js';

const project: EditorProject = demoProject({ id: 'proj_1', name: 'demo', now: '2026-01-01T00:00:00.000Z' });
const FILE = 'workflows/main_workflow.json';
const main = project.workflows.find((w) => w.file === FILE)!.workflow;

function edit(fn: (w: Workflow) => void): Workflow {
  const copy = structuredClone(main);
  fn(copy);
  return copy;
}

describe('inline validation of unsaved edits', () => {
  it('the demo as it is has no problems', () => {
    expect(checkWorkflow(project, FILE, main)).toEqual([]);
  });

  it('a bad expression lands on its node and field', () => {
    const wf = edit((w) => {
      w.nodes['shape']!.config = { fields: { user: '{{ input.userId + }}' } };
    });
    const problems = checkWorkflow(project, FILE, wf);
    expect(problems.map((p) => p.message)).toEqual([
      "Field 'fields.user' of node 'shape' in workflow 'main_workflow' has an invalid template: Expected an expression after '+' at 17",
    ]);
    expect(problems[0]).toMatchObject({
      nodeId: 'shape',
      field: 'fields',
      path: '$.nodes.shape.config.fields.user',
    });
    const index = indexProblems(problems);
    expect(index.nodes.get('shape')!.fields['fields']).toEqual([problems[0]!.message]);
    expect(index.count).toBe(1);
  });

  it('checks expressions v2 as the model does: arithmetic and calls pass, an unknown function or a wrong count does not', () => {
    const valid = edit((w) => {
      w.nodes['shape']!.config = {
        fields: { total: '{{ input.qty * 2 > 5 ? upper(trim(input.name)) : input.missing ?? "n/a" }}' },
      };
    });
    expect(checkWorkflow(project, FILE, valid)).toEqual([]);
    const wf = edit((w) => {
      w.nodes['shape']!.config = { fields: { a: '{{ uper(input.name) }}', b: 'x {{ round(1, 2, 3) }}' } };
    });
    const messages = indexProblems(checkWorkflow(project, FILE, wf)).nodes.get('shape')!.fields['fields']!;
    expect(messages).toEqual([
      expect.stringMatching(
        /^Field 'fields\.a' of node 'shape' in workflow 'main_workflow' has an invalid template: Unknown function 'uper' at 3: the functions are len, .* \(did you mean 'upper'\?\)$/,
      ),
      "Field 'fields.b' of node 'shape' in workflow 'main_workflow' has an invalid template: round() takes 1 or 2 arguments, got 3 at 5: write round(number, digits?)",
    ]);
  });

  it('an unknown node id and an undeclared secret are named on their field', () => {
    const wf = edit((w) => {
      w.nodes['shape']!.config = { fields: { user: '{{ nodes.nope.id }}', key: '{{ secrets.MISSING }}' } };
    });
    const messages = indexProblems(checkWorkflow(project, FILE, wf)).nodes.get('shape')!.fields['fields']!;
    expect(messages).toEqual([
      "Field 'fields.user' of node 'shape' in workflow 'main_workflow' reads nodes.nope, but workflow 'main_workflow' has no node 'nope': use one of extract, process",
      "Field 'fields.key' of node 'shape' in workflow 'main_workflow' reads secrets.MISSING, which the project does not declare: add it with 'catalyst secret set MISSING' (declared: API_TOKEN)",
    ]);
  });

  it('a local call to a workflow on another target is refused with the reason', () => {
    const wf = edit((w) => {
      w.deploymentTargetId = 'production';
    });
    const index = indexProblems(checkWorkflow(project, FILE, wf));
    expect(index.nodes.get('extract')!.fields['targetWorkflowId']).toEqual([
      "Node 'extract' in workflow 'main_workflow' calls 'extract_data' locally, but 'extract_data' is on target 'local' and 'main_workflow' is on target 'production': a local call only reaches workflows of the same app. Assign both to one target, or make 'extract_data' public and set callType to \"http\"",
    ]);
  });

  it('a timeout out of range is shown on the timeout field', () => {
    const wf = edit((w) => {
      w.nodes['extract']!.config['timeout'] = 301;
    });
    const index = indexProblems(checkWorkflow(project, FILE, wf));
    expect(index.nodes.get('extract')!.fields['timeout']).toEqual([
      expect.stringContaining('Timeout must be at most 300 s'),
    ]);
  });

  it('settings problems go to their setting, edge problems to the list', () => {
    const index = indexProblems([
      { file: FILE, path: '$.endpoint.path', message: 'bad path' },
      { file: FILE, path: '$.name', message: 'bad name' },
      { file: FILE, path: '$.edges[0].target', message: 'no such node' },
      { file: FILE, path: '$.nodes.shape.name', message: 'Node name is required', nodeId: 'shape' },
    ]);
    expect(index.settings).toEqual({ endpoint: ['bad path'], name: ['bad name'] });
    expect(index.other.map((p) => p.message)).toEqual(['no such node']);
    expect(index.nodes.get('shape')).toEqual({ fields: {}, general: ['Node name is required'] });
  });
});
