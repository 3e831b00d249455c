import type { JSONValue } from 'hono/utils/types';
import { type ExampleReport, testExamples } from '../../build/test-examples.js';
import type { TargetPlan } from '../../compiler/types.js';
import { CatalystError } from '../../errors.js';
import { openProject } from '../../store/project-folder.js';

/**
 * The studio's "Run all" of a workflow's examples (DESIGN §12): the same function as
 * `catalyst test --workflow <id> --json`, so the page and the CLI agree on every pass,
 * fail and first difference. The answer is `ExamplesRunView` (contract.ts).
 */
export interface ExamplesRunView {
  passed: number;
  failed: number;
  results: Array<{
    workflow: string;
    example: string;
    ok: boolean;
    diff?: { path: string; expected: JSONValue; actual: JSONValue };
  }>;
}

export interface ExampleRunDeps {
  folderOf(projectId: string): string;
  /** Secret values for the app's environment (throws when one has no value). */
  secretEnv(projectId: string, plan: TargetPlan): Record<string, string>;
}

export function createExampleRuns(deps: ExampleRunDeps) {
  return {
    async test(projectId: string, workflowId: string): Promise<ExamplesRunView> {
      const folder = deps.folderOf(projectId);
      const opened = await openProject(folder);
      if (!opened.project) {
        const first = opened.problems[0];
        throw new CatalystError(
          'invalid_project',
          `Cannot open ${folder}: ${first ? `${first.file} ${first.path}: ${first.message}` : 'its files cannot be read'}. Fix the file (\`catalyst validate\` lists every problem).`,
        );
      }
      if (!opened.project.workflows.some((w) => w.workflow.id === workflowId)) {
        throw new CatalystError(
          'not_found',
          `No workflow ${workflowId} in this project: it may have been deleted.`,
        );
      }
      const run: ExampleReport = await testExamples({
        projectDir: folder,
        workflow: workflowId,
        env: process.env,
        secrets: (plan) => deps.secretEnv(projectId, plan),
      });
      const { passed, failed, results } = run;
      return { passed, failed, results: results as ExamplesRunView['results'] };
    },
  };
}
