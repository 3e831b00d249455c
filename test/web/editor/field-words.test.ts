import { describe, expect, it } from 'vitest';
import { demoProject } from '../../../src/model/demo.js';
import type { Problem } from '../../../src/model/project-files.js';
import type { Workflow } from '../../../src/model/workflow.js';
import { fieldLabel, fieldMessage, nodeMessage } from '../../../src/web/editor/field-words.js';
import { checkWorkflow, type EditorProject } from '../../../src/web/editor/inline-problems.js';

const demo = demoProject({ id: 'proj_1', name: 'demo', now: '2026-01-01T00:00:00.000Z' });
const project = demo as unknown as EditorProject;
const main = demo.workflows.find((w) => w.workflow.name === 'main_workflow')!;

/** The model's own problems for main_workflow with one node changed, in the form's words. */
function wordsFor(nodeId: string, node: Partial<Workflow['nodes'][string]>): string[] {
  const nodes = {
    ...main.workflow.nodes,
    [nodeId]: { ...main.workflow.nodes[nodeId]!, ...node },
  } as Workflow['nodes'];
  const problems = checkWorkflow(project, main.file, { ...main.workflow, nodes });
  const n = nodes[nodeId]!;
  return problems
    .filter((p) => p.nodeId === nodeId)
    .map((p) => fieldMessage(p, { id: nodeId, name: n.name, type: n.type }, main.workflow.name));
}

describe('problems in the words of the form: field labels and node names', () => {
  it('a local call without a workflow: "Workflow: choose the workflow to call"', () => {
    expect(wordsFor('extract', { config: { callType: 'local', input: '{}' } })).toEqual([
      'Workflow: choose the workflow to call',
    ]);
  });

  it('an entry of a template map is named by the label and its key, without file paths or ids', () => {
    expect(wordsFor('shape', { config: { fields: { user: '{{ input.userId + }}' } } })).toEqual([
      "Fields › user: invalid template: Expected an expression after '+' at 17",
    ]);
    const [unknown] = wordsFor('shape', { config: { fields: { user: '{{ nodes.nowhere.id }}' } } });
    expect(unknown).toMatch(
      /^Fields › user: reads nodes\.nowhere, but workflow 'main_workflow' has no node 'nowhere'/,
    );
  });

  it('a required field says what to do by its kind; a message that starts with the label keeps it', () => {
    const p = (field: string, message: string): Problem => ({
      file: main.file,
      path: `$.nodes.n.config.${field}`,
      message,
      nodeId: 'n',
      field,
    });
    const llm = { id: 'n', name: 'Ask the model', type: 'llm' };
    expect(
      fieldMessage(
        p('prompt', "Node 'n' in workflow 'w': Missing required field 'prompt': add a string"),
        llm,
        'w',
      ),
    ).toBe('Prompt: fill it in');
    expect(
      fieldMessage(
        p(
          'provider',
          "Node 'n' in workflow 'w': Missing required field 'provider': use one of anthropic, openai, groq",
        ),
        llm,
        'w',
      ),
    ).toBe('Provider: choose one of anthropic, openai, groq');
    expect(
      fieldMessage(
        p('apiKeySecret', "Node 'n' in workflow 'w': Missing required field 'apiKeySecret': add a string"),
        llm,
        'w',
      ),
    ).toMatch(/^API key.*: choose a secret$/);
    const call = { id: 'n', name: 'Call it', type: 'workflowCall' };
    expect(
      fieldMessage(p('timeout', "Node 'n' in workflow 'w': Timeout must be at most 300 s"), call, 'w'),
    ).toBe('Timeout must be at most 300 s');
    // Keys written as identifiers become their labels.
    expect(
      fieldMessage(
        p(
          'targetWorkflowId',
          "Node 'n' in workflow 'w' calls 'x', which does not exist: set targetWorkflowId to one of a",
        ),
        call,
        'w',
      ),
    ).toBe("Workflow: calls 'x', which does not exist: set Workflow to one of a");
  });

  it('maps JSON paths to labels through the registry, and names the node away from its field', () => {
    const problem: Problem = {
      file: main.file,
      path: '$.nodes.shape.config.fields["first name"]',
      message: 'x',
      nodeId: 'shape',
      field: 'fields',
    };
    expect(fieldLabel(problem, { id: 'shape', name: 'Shape input', type: 'transform' })).toBe(
      'Fields › first name',
    );
    expect(
      fieldLabel({ ...problem, field: 'nope' }, { id: 'shape', name: 'Shape input', type: 'transform' }),
    ).toBeNull();
    expect(
      nodeMessage(
        {
          file: main.file,
          path: '$.nodes.shape',
          message: "Node 'shape' in workflow 'main_workflow': is not connected",
          nodeId: 'shape',
        },
        { id: 'shape', name: 'Shape input', type: 'transform' },
        'main_workflow',
      ),
    ).toBe('Shape input: is not connected');
  });
});
