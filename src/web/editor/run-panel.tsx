import { History, Loader2, Play } from 'lucide-react';
import type { ReactNode } from 'react';
import type { RunSummaryView, WorkflowRunView } from '../../server/contract.js';
import { Badge, Button, Field, FormError, INPUT } from '../components/ui.js';
import { formatMs, pluralize } from '../format.js';
import { useEditor } from './editor-store.js';
import { JsonTree } from './json-tree.js';
import { parseTestInput, useRun } from './run-store.js';

function when(iso: string): string {
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay ? d.toLocaleTimeString() : d.toLocaleString();
}

/**
 * How the run ended for a caller: the HTTP status the endpoint would have answered ("answered 400"),
 * or that the studio stopped it at its time limit. Null for runs kept before the studio recorded it.
 */
function answerLabel(run: Pick<WorkflowRunView, 'answerStatus' | 'timedOut'>): string | null {
  if (run.timedOut) return 'no answer (stopped)';
  return run.answerStatus === undefined ? null : `answered ${run.answerStatus}`;
}

/** A history row: "10:09:10 PM · error 500 · 0.2 ms", "… · error, stopped · 3.0 s" (short: the select is narrow). */
function historyLabel(r: RunSummaryView): string {
  const ending = r.timedOut
    ? `${r.status}, stopped`
    : `${r.status}${r.answerStatus === undefined ? '' : ` ${r.answerStatus}`}`;
  return `${when(r.startedAt)} · ${ending} · ${formatMs(r.durationMs)}`;
}

/** The hint over the history: "1 run so far.", "The last 2 runs, newest first." */
export function historyHint(runs: number): string {
  return runs === 1 ? '1 run so far.' : `The last ${pluralize(runs, 'run')}, newest first.`;
}

/** The last 50 runs, newest first; choosing one shows its trace on the canvas. */
function RunHistory() {
  const history = useRun((s) => s.history);
  const shown = useRun((s) => s.run?.id ?? '');
  const reopen = useRun((s) => s.reopen);
  if (history.length === 0) return null;
  return (
    <Field label="Run history" htmlFor="run-history" hint={historyHint(history.length)}>
      <div className="flex items-center gap-1.5">
        <History className="size-4 shrink-0 text-slate-400" aria-hidden />
        <select
          id="run-history"
          data-testid="run-history"
          className={`${INPUT} text-xs`}
          value={shown}
          onChange={(e) => void reopen(e.target.value)}
        >
          {!history.some((r) => r.id === shown) && <option value={shown}>(a run no longer kept)</option>}
          {history.map((r) => (
            <option key={r.id} value={r.id}>
              {historyLabel(r)}
            </option>
          ))}
        </select>
      </div>
    </Field>
  );
}

/**
 * "Run": saves if needed, runs the workflow once through its generated code with the pinned
 * test input, and shows every node's status, time and data on the canvas (DESIGN §13).
 * `actions` is the mount point for what can be done with the shown run (e.g. "Save as example").
 */
export function RunPanel({ actions }: { actions?: (run: WorkflowRunView) => ReactNode } = {}) {
  const { inputText, setInput, running, error, run, start } = useRun();
  const dirty = useEditor((s) => s.dirty);
  const inputError = parseTestInput(inputText);

  async function runNow() {
    const editor = useEditor.getState();
    if (!parseTestInput(useRun.getState().inputText).ok) return void start(); // start() says why
    try {
      if (editor.dirty) await editor.save();
    } catch (e) {
      useRun.setState({ error: (e as Error).message });
      return;
    }
    await start();
  }

  const trace = run?.trace;
  const answer = run ? answerLabel(run) : null;
  return (
    <div className="space-y-3" data-testid="run-panel">
      <Field
        label="Test input (JSON)"
        htmlFor="run-input"
        hint="The workflow's input (the request body of a public route). Kept for this workflow."
        error={inputError.ok ? null : inputError.message}
      >
        <textarea
          id="run-input"
          className={`${INPUT} font-mono text-xs`}
          rows={4}
          spellCheck={false}
          value={inputText}
          onChange={(e) => setInput(e.target.value)}
        />
      </Field>
      <Button tone="primary" onClick={() => void runNow()} disabled={running}>
        {running ? (
          <Loader2 className="size-4 animate-spin" aria-hidden />
        ) : (
          <Play className="size-4" aria-hidden />
        )}
        {running ? 'Running…' : dirty ? 'Save and run' : 'Run'}
      </Button>
      <FormError message={error} />
      <RunHistory />
      {run && trace && (
        <div className="space-y-2" data-testid="run-result" data-status={trace.status} data-run-id={run.id}>
          <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
            <Badge tone={trace.status === 'ok' ? 'green' : 'red'}>{trace.status}</Badge>
            <span>{formatMs(trace.durationMs)}</span>
            {answer !== null && (
              <span data-testid="run-answer" title="What the workflow's endpoint would have answered">
                {answer}
              </span>
            )}
            <span className="text-slate-400">{when(run.startedAt)}</span>
          </p>
          {trace.error !== undefined && (
            <p
              className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-700"
              role="alert"
              data-testid="run-failure"
            >
              {trace.error}
            </p>
          )}
          <p className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">Result</p>
          <JsonTree value={trace.result} testId="run-output" />
          <p className="text-xs text-slate-500">Click a node on the canvas to see its input and output.</p>
          {actions?.(run)}
        </div>
      )}
    </div>
  );
}
