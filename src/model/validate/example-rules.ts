import { jsonSchemaIssues, valueProblems } from '../json-schema.js';
import { didYouMean } from '../near-miss.js';
import type { LoadedWorkflow, Problem, Project } from '../project-files.js';
import { listOf, workflowProblem } from './problem.js';

/**
 * A workflow's examples (DESIGN §12) can run: names unique within the workflow, every mock
 * names a node of the workflow, and the input fits the workflow's inputSchema — unless the
 * example expects that refusal (`expect.status` 400), which is how a test shows the 400.
 * (`expect.status` being an HTTP status is the zod schema's check.)
 */
export function examplesValid(_project: Project, loaded: LoadedWorkflow): Problem[] {
  const { workflow } = loaded;
  const examples = workflow.examples ?? [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const nodeIds = Object.keys(workflow.nodes);
  const inputSchema =
    workflow.inputSchema !== undefined && jsonSchemaIssues(workflow.inputSchema).length === 0
      ? workflow.inputSchema
      : undefined;
  examples.forEach((example, i) => {
    const label = `Example '${example.name}'`;
    if (seen.has(example.name))
      problems.push(
        workflowProblem(
          loaded,
          ['examples', i, 'name'],
          `${label} is listed twice in workflow '${workflow.name}': give each example its own name`,
        ),
      );
    seen.add(example.name);
    for (const nodeId of Object.keys(example.mocks ?? {}))
      if (!Object.hasOwn(workflow.nodes, nodeId))
        problems.push(
          workflowProblem(
            loaded,
            ['examples', i, 'mocks', nodeId],
            `${label} mocks node '${nodeId}', which workflow '${workflow.name}' does not have${didYouMean(nodeId, nodeIds)}; its nodes: ${listOf(nodeIds) || 'none'}`,
          ),
        );
    if (inputSchema && example.expect.status !== 400) {
      const found = valueProblems(inputSchema, example.input);
      if (found.length > 0)
        problems.push(
          workflowProblem(
            loaded,
            ['examples', i, 'input'],
            `${label} has an input that does not match the inputSchema of workflow '${workflow.name}': ${found
              .slice(0, 5)
              .map((p) => `${p.path} ${p.message}`)
              .join(
                '; ',
              )}. Fix the input, or set "expect": {"status": 400} if the example is meant to be refused`,
          ),
        );
    }
  });
  return problems;
}
