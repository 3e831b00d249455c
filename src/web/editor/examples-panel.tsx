import { BookmarkPlus, CheckCircle2, Loader2, PlayCircle, Trash2, XCircle } from 'lucide-react';
import { useState } from 'react';
import type { Example } from '../../model/examples.js';
import type { ExamplesRunView, WorkflowRunView } from '../../server/contract.js';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import { Badge, Button, FormError, INPUT } from '../components/ui.js';
import { useEditor } from './editor-store.js';

const show = (value: unknown) => {
  const json = JSON.stringify(value) ?? 'undefined';
  return json.length > 120 ? `${json.slice(0, 119)}…` : json;
};

function setExamples(examples: Example[], key: string): void {
  useEditor.getState().change((s) => {
    const base = { ...s.base };
    if (examples.length === 0) delete base.examples;
    else base.examples = examples;
    return { ...s, base };
  }, key);
}

/** An example's expectation in a few words: `200 · body {"result":…}`. */
function expectText(example: Example): string {
  const status = example.expect.status ?? 200;
  return example.expect.body === undefined ? `${status}` : `${status} · body ${show(example.expect.body)}`;
}

/**
 * The workflow's examples (DESIGN §12) and "Run all": saves first when needed, then runs them
 * the way `catalyst test` does, showing pass or fail per example with the first difference.
 */
export function ExamplesPanel() {
  const examples = useEditor((s) => s.base.examples ?? []);
  const [report, setReport] = useState<ExamplesRunView | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function runAll() {
    const editor = useEditor.getState();
    const { projectId, workflowId } = editor;
    if (!projectId || !workflowId) return;
    setRunning(true);
    setError(null);
    try {
      if (editor.dirty) await editor.save();
      const answer = await unwrap(
        api.projects[':projectId'].workflows[':workflowId'].test.$post({ param: { projectId, workflowId } }),
      );
      setReport(answer as ExamplesRunView);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  }

  const resultOf = (name: string) => report?.results.find((r) => r.example === name);
  return (
    <div className="space-y-3" data-testid="examples-panel">
      <p className="text-xs text-slate-500">
        Test cases of this workflow: an input and the answer expected (the body as a subset). They run with{' '}
        <span className="font-mono">catalyst test</span> and in the generated app's tests. Add one from a run
        with "Save as example" in the Run tab.
      </p>
      <div className="flex items-center gap-2">
        <Button
          tone="primary"
          size="sm"
          onClick={() => void runAll()}
          disabled={running || examples.length === 0}
        >
          {running ? (
            <Loader2 className="size-3.5 animate-spin" aria-hidden />
          ) : (
            <PlayCircle className="size-3.5" aria-hidden />
          )}
          {running ? 'Running…' : 'Run all'}
        </Button>
        {report && (
          <span className="text-xs text-slate-600" data-testid="examples-summary">
            {report.passed} passed, {report.failed} failed
          </span>
        )}
      </div>
      <FormError message={error} />
      {examples.length === 0 ? (
        <p className="text-sm text-slate-500">No examples yet.</p>
      ) : (
        <ul className="space-y-2">
          {examples.map((example, i) => {
            const result = resultOf(example.name);
            return (
              <li
                key={example.name}
                className={`rounded-md p-2 text-xs ring-1 ${result ? (result.ok ? 'bg-emerald-50/50 ring-emerald-200' : 'bg-red-50/60 ring-red-200') : 'ring-slate-200'}`}
                data-testid="example-row"
                data-example={example.name}
                data-result={result ? (result.ok ? 'pass' : 'fail') : ''}
              >
                <div className="flex items-center gap-1.5">
                  {result &&
                    (result.ok ? (
                      <CheckCircle2 className="size-4 shrink-0 text-emerald-600" aria-label="passed" />
                    ) : (
                      <XCircle className="size-4 shrink-0 text-red-600" aria-label="failed" />
                    ))}
                  <span className="min-w-0 flex-1 truncate font-medium text-slate-800">{example.name}</span>
                  {example.mocks && <Badge tone="violet">mocks</Badge>}
                  <button
                    type="button"
                    aria-label={`Delete example ${example.name}`}
                    className="shrink-0 rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-red-600"
                    onClick={() =>
                      setExamples(
                        examples.filter((_, j) => j !== i),
                        `examples:delete:${example.name}`,
                      )
                    }
                  >
                    <Trash2 className="size-3.5" aria-hidden />
                  </button>
                </div>
                <p className="mt-0.5 truncate font-mono text-[11px] text-slate-500">
                  in {show(example.input)}
                </p>
                <p className="truncate font-mono text-[11px] text-slate-500">expect {expectText(example)}</p>
                {result?.diff && (
                  <dl
                    className="mt-1.5 grid grid-cols-[4.5rem_1fr] gap-x-2 gap-y-0.5 rounded bg-white p-1.5 font-mono text-[11px] ring-1 ring-red-100"
                    data-testid="example-diff"
                  >
                    <dt className="text-slate-500">path</dt>
                    <dd className="break-all text-slate-800">{result.diff.path}</dd>
                    <dt className="text-slate-500">expected</dt>
                    <dd className="break-all text-emerald-700">{show(result.diff.expected)}</dd>
                    <dt className="text-slate-500">actual</dt>
                    <dd className="break-all text-red-700">{show(result.diff.actual)}</dd>
                  </dl>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/**
 * Why a run cannot become an example, or null when it can. A run stopped at the studio's time
 * limit never answered, so there is nothing to expect; every other run answered something (a
 * failed one 500, an input refused by the inputSchema 400). Runs kept before the studio recorded
 * how a run ended are judged by their trace: failed with no node run.
 */
export function noAnswerReason(run: WorkflowRunView): string | null {
  const stopped =
    run.timedOut ??
    (run.answerStatus === undefined && run.trace.status === 'error' && run.trace.nodes.length === 0);
  if (!stopped) return null;
  return "No answer to save: this run was stopped before the workflow answered (at the studio's time limit).";
}

/** What an example made from this run expects: the endpoint's status, and the result as the body of a run that finished. */
export function expectedAnswer(run: WorkflowRunView): Example['expect'] {
  const ok = run.trace.status === 'ok';
  const status = run.answerStatus ?? (ok ? 200 : 500);
  return ok ? { status, body: run.trace.result } : { status };
}

function expectedWords(run: WorkflowRunView): string {
  const expect = expectedAnswer(run);
  if (run.trace.status === 'ok') return `${expect.status} and this result`;
  if (expect.status === 400) return 'a 400 (the input does not match the input schema)';
  return `a ${expect.status} (the run failed)`;
}

/**
 * "Save as example" under a run's result: the run's input and its answer (the status the
 * endpoint answered, with the result as the body when the run finished) become an example in
 * the workflow's file.
 */
export function SaveAsExample({ run }: { run: WorkflowRunView }) {
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const noAnswer = noAnswerReason(run);
  if (noAnswer !== null) {
    return (
      <div className="space-y-1">
        <Button size="sm" disabled aria-describedby="save-as-example-why" data-testid="save-as-example">
          <BookmarkPlus className="size-3.5" aria-hidden /> Save as example
        </Button>
        <p id="save-as-example-why" className="text-[11px] text-slate-500" data-testid="save-as-example-why">
          {noAnswer}
        </p>
      </div>
    );
  }

  if (name === null) {
    return (
      <Button
        size="sm"
        onClick={() => {
          const taken = useEditor.getState().base.examples?.length ?? 0;
          setName(`example ${taken + 1}`);
          setError(null);
        }}
        data-testid="save-as-example"
      >
        <BookmarkPlus className="size-3.5" aria-hidden /> Save as example
      </Button>
    );
  }

  async function save() {
    const trimmed = (name ?? '').trim();
    const examples = useEditor.getState().base.examples ?? [];
    if (trimmed === '') return setError('An example needs a name, e.g. "big order".');
    if (examples.some((e) => e.name === trimmed))
      return setError(`There is already an example "${trimmed}": choose another name.`);
    const example: Example = { name: trimmed, input: run.input, expect: expectedAnswer(run) };
    setSaving(true);
    try {
      setExamples([...examples, example], `examples:add:${trimmed}`);
      await useEditor.getState().save();
      setName(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      className="space-y-1.5 rounded-md bg-slate-50 p-2 ring-1 ring-slate-200"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor="example-name" className="block text-xs font-medium text-slate-700">
        Example name
      </label>
      <input
        id="example-name"
        className={`${INPUT} text-xs`}
        value={name}
        // biome-ignore lint/a11y/noAutofocus: the prompt opens on a click that asks for this name
        autoFocus
        onChange={(e) => setName(e.target.value)}
      />
      <p className="text-[11px] text-slate-500">Expects {expectedWords(run)} for this input.</p>
      {error && (
        <p className="text-xs text-red-600" role="alert">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <Button size="sm" tone="primary" type="submit" disabled={saving} data-testid="save-example">
          {saving ? 'Saving…' : 'Save example'}
        </Button>
        <Button size="sm" onClick={() => setName(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
