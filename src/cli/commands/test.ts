import { type ExampleRun, testExamples } from '../../build/test-examples.js';
import { defineCommand } from '../command.js';
import { endProgress, progressPrinter } from '../pipeline-progress.js';
import { secretValues } from './run.js';

interface TestOptions {
  target?: string;
  workflow?: string;
}

export const testCommand = defineCommand<TestOptions>({
  name: ['test'],
  summary: "run the workflows' examples against the generated app; exit 1 when any fails",
  options: [
    {
      flags: '--target <id>',
      description: "only this target's workflows (default: every target with examples)",
    },
    { flags: '--workflow <name>', description: 'only this workflow (name, slug or id)' },
  ],
  async run({ options, projectDir }, ctx) {
    const run = await testExamples({
      projectDir,
      ...(options.target !== undefined ? { targetId: options.target } : {}),
      ...(options.workflow !== undefined ? { workflow: options.workflow } : {}),
      env: ctx.env,
      secrets: (plan) => secretValues(plan, ctx),
      onEvent: progressPrinter(ctx),
    }).finally(() => endProgress(ctx));
    if (run.results.length === 0)
      ctx.note(
        'No examples to run: add "examples" to a workflow file, e.g. [{"name": "basic", "input": {}, "expect": {"status": 200}}]',
      );
    const { passed, failed, results } = run;
    return { data: { passed, failed, results }, text: render(run), exitCode: failed > 0 ? 1 : 0 };
  },
});

/** One line per example, its first difference under a failure, and the counts. */
export function render(run: ExampleRun): string {
  const lines: string[] = [];
  run.results.forEach((result, i) => {
    lines.push(`${result.ok ? 'PASS' : 'FAIL'}  ${result.workflow} › ${result.example}`);
    const note = run.notes.get(i);
    if (note !== undefined) lines.push(`      ${note}`);
  });
  lines.push(`${run.passed} passed, ${run.failed} failed`);
  return `${lines.join('\n')}\n`;
}
