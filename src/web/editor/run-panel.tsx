import { Loader2, Play } from 'lucide-react';
import { useState } from 'react';
import type { Workflow } from '../../model/workflow.js';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import { Badge, Button, Field, FormError, INPUT } from '../components/ui.js';
import { currentWorkflow, type RunView, useEditor } from './editor-store.js';
import { failedNodeIds } from './run-failure.js';

function parseInput(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text === '' ? '{}' : text) };
  } catch (error) {
    return { ok: false, message: `The test input is not JSON: ${(error as Error).message}` };
  }
}

/** "Run": save if needed, generate the target, serve it locally, send the test input, show the answer. */
export function RunPanel() {
  const [input, setInput] = useState('{}');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<RunView | null>(null);
  const visibility = useEditor((s) => s.base.visibility);
  const dirty = useEditor((s) => s.dirty);

  async function run() {
    const parsed = parseInput(input);
    if (!parsed.ok) return setError(parsed.message);
    const editor = useEditor.getState();
    const { projectId, workflowId } = editor;
    if (!projectId || !workflowId) return;
    setBusy(true);
    setError(null);
    setResult(null);
    editor.setFailedNodes([]);
    try {
      if (editor.dirty) await editor.save();
      const { run: answer } = await unwrap(
        api.projects[':projectId'].workflows[':workflowId'].run.$post({
          param: { projectId, workflowId },
          json: { input: parsed.value },
        }),
      );
      setResult(answer as RunView);
      if (answer.failure) {
        const state = useEditor.getState();
        const workflow: Workflow = currentWorkflow(state);
        const byId = new Map((state.project?.workflows ?? []).map((w) => [w.workflow.id, w.workflow]));
        state.setFailedNodes(failedNodeIds(workflow, answer.failure, byId));
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (visibility !== 'public') {
    return (
      <p className="text-sm text-slate-600">
        Only public workflows have an HTTP route to send test input to. Make this workflow public in its
        settings, or run a public workflow that calls it.
      </p>
    );
  }
  const ok = result !== null && result.status < 400;
  return (
    <div className="space-y-3" data-testid="run-panel">
      <Field
        label="Test input (JSON)"
        htmlFor="run-input"
        hint="Sent as the request body (query parameters for GET)."
      >
        <textarea
          id="run-input"
          className={`${INPUT} font-mono text-xs`}
          rows={4}
          spellCheck={false}
          value={input}
          onChange={(e) => setInput(e.target.value)}
        />
      </Field>
      <Button tone="primary" onClick={() => void run()} disabled={busy}>
        {busy ? (
          <Loader2 className="size-4 animate-spin" aria-hidden />
        ) : (
          <Play className="size-4" aria-hidden />
        )}
        {busy ? 'Generating and running…' : dirty ? 'Save and run' : 'Run'}
      </Button>
      <FormError message={error} />
      {result && (
        <div className="space-y-2" data-testid="run-result" data-status={result.status}>
          <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
            <Badge tone={ok ? 'green' : 'red'}>{result.status}</Badge>
            <span className="font-mono">
              {result.method} {result.path}
            </span>
            <span>{result.durationMs} ms</span>
            <span className="text-slate-400">{result.restarted ? 'app started' : 'app already running'}</span>
          </p>
          {result.failure && (
            <p
              className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-700"
              role="alert"
              data-testid="run-failure"
            >
              {result.failure.node ? `Node "${result.failure.node}" of ` : ''}
              {result.failure.workflow ? `workflow "${result.failure.workflow}" ` : ''}failed:{' '}
              {result.failure.error}
            </p>
          )}
          <pre
            className="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100"
            data-testid="run-output"
          >
            {typeof result.body === 'string' ? result.body : JSON.stringify(result.body, null, 2)}
          </pre>
        </div>
      )}
    </div>
  );
}
