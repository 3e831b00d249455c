import type { GeneratedFile, TargetPlan } from '../types.js';
import { Emitter } from './emitter.js';
import { pyLiteral, pyString } from './escape.js';

/**
 * `tests/test_examples.py` (DESIGN §12): the target's workflows' examples as one pytest test
 * parametrised by example, each run in-process through the harness API
 * (`runtime.harness.respond`, mocks applied there: nothing goes over HTTP) and compared by
 * `runtime.examples.example_difference` — what `catalyst test` checks, so the app's own CI
 * keeps it. Only written when some workflow of the target has examples. Every user value
 * (names, inputs, mocks, expectations) reaches Python through `pyLiteral` / `pyString`.
 */
export function renderExampleTests(plan: TargetPlan): GeneratedFile[] {
  const cases = plan.workflows.flatMap((planned) =>
    (planned.workflow.examples ?? []).map((example) => ({ module: planned.moduleName, example })),
  );
  if (cases.length === 0) return [];
  const out = new Emitter();
  out.line('"""The workflows\' examples, run in-process through the Catalyst harness with their mocks.');
  out.blank();
  out.line('What `catalyst test` checks (DESIGN §12): the status the endpoint would answer, then the');
  out.line('body as a subset. Run from the app folder: python -m pytest');
  out.line('"""');
  out.blank();
  out.line('from __future__ import annotations');
  out.blank();
  out.line('import asyncio');
  out.line('from typing import Any');
  out.blank();
  out.line('import pytest');
  out.blank();
  out.line('import main  # noqa: F401  (env defaults, logging and secret redaction, as when served)');
  out.line('from runtime.connections import close_pools');
  out.line('from runtime.examples import example_difference');
  out.line('from runtime.harness import respond');
  out.blank();
  out.line('EXAMPLES = [');
  out.indent(() => {
    for (const { module, example } of cases) {
      const expect: Record<string, unknown> = {};
      if (example.expect.status !== undefined) expect['status'] = example.expect.status;
      if (example.expect.body !== undefined) expect['body'] = example.expect.body;
      const args = [
        pyString(module),
        pyLiteral(example.input),
        pyLiteral(example.mocks ?? {}),
        pyLiteral(expect),
      ];
      out.line(`pytest.param(${args.join(', ')}, id=${pyString(`${module}: ${example.name}`)}),`);
    }
  });
  out.line(']');
  out.blank(2);
  out.block('async def answer(workflow: str, input: Any, mocks: dict[str, Any]) -> dict[str, Any]:', () => {
    out.block('try:', () => out.line('return await respond(workflow, input, mocks)'));
    out.block('finally:', () => {
      out.line('# Each example has its own event loop: the shared clients must not outlive it.');
      out.line('await close_pools()');
    });
  });
  out.blank(2);
  out.line('@pytest.mark.parametrize(("workflow", "input", "mocks", "expect"), EXAMPLES)');
  out.block(
    'def test_example(workflow: str, input: Any, mocks: dict[str, Any], expect: dict[str, Any]) -> None:',
    () => {
      out.line('difference = example_difference(expect, asyncio.run(answer(workflow, input, mocks)))');
      out.line('assert difference is None, str(difference)');
    },
  );
  return [{ path: 'tests/test_examples.py', content: out.toString(), kind: 'test' }];
}
