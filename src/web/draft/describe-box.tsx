import { CheckCircle2, Circle, Loader2, RotateCw, Sparkles, XCircle } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import type { ProjectDetail } from '../api/types.js';
import { Button, Card } from '../components/ui.js';
import { DraftReview } from './draft-review.js';
import { type DraftSession, type DraftStageEvent, useDrafts } from './draft-store.js';

const STAGE_LABEL: Record<string, string> = {
  context: 'Read the project',
  draft: 'Ask the model',
  validate: 'Validate',
  repair: 'Repair',
  compile: 'Generate and compile',
  write: 'Write the file',
};

interface StageRow {
  key: string;
  stage: string;
  round: number | undefined;
  status: 'running' | 'completed' | 'failed';
  ms: number | null;
  detail: string | null;
  retry: string | null;
}

/** The stage events as rows: one per stage and round, its latest status, time and detail. */
export function stageRows(events: readonly DraftStageEvent[]): StageRow[] {
  const rows: StageRow[] = [];
  for (const e of events) {
    const round = 'round' in e ? e.round : undefined;
    const key = `${e.stage}:${round ?? ''}`;
    let row = rows.findLast((r) => r.key === key);
    if (e.status === 'started' || !row) {
      row = { key, stage: e.stage, round, status: 'running', ms: null, detail: null, retry: null };
      rows.push(row);
    }
    if (e.status === 'retrying') row.retry = `${e.reason}; try ${e.attempt + 1}`;
    else if (e.status === 'completed' || e.status === 'failed') {
      row.status = e.status;
      row.ms = e.ms;
      row.detail = e.detail;
      row.retry = null;
    }
  }
  return rows;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The live stages of a draft: each with its status and time. */
export function DraftStages({ session }: { session: DraftSession }) {
  const rows = stageRows(session.events);
  return (
    <ol className="space-y-1.5" data-testid="draft-stages" aria-live="polite">
      {rows.length === 0 && (
        <li className="flex items-center gap-2 text-sm text-slate-500">
          <Loader2 className="size-4 animate-spin" aria-hidden /> Starting…
        </li>
      )}
      {rows.map((r) => (
        <li
          key={`${r.key}:${rows.indexOf(r)}`}
          className="flex min-w-0 items-start gap-2 text-sm"
          data-testid="draft-stage"
          data-stage={r.stage}
          data-status={r.status}
        >
          <span className="mt-0.5 shrink-0">
            {r.status === 'running' ? (
              <Loader2 className="size-4 animate-spin text-indigo-500" aria-label="running" />
            ) : r.status === 'completed' ? (
              <CheckCircle2 className="size-4 text-emerald-600" aria-label="done" />
            ) : (
              <XCircle className="size-4 text-red-600" aria-label="failed" />
            )}
          </span>
          <span className="w-40 shrink-0 font-medium text-slate-800">
            {STAGE_LABEL[r.stage] ?? r.stage}
            {r.round ? ` ${r.round}` : ''}
          </span>
          <span className="w-14 shrink-0 text-right font-mono text-xs leading-5 text-slate-500">
            {r.ms === null ? '' : formatMs(r.ms)}
          </span>
          <span
            className={`min-w-0 flex-1 truncate text-xs leading-5 ${r.status === 'failed' ? 'text-red-700' : 'text-slate-500'}`}
            title={r.retry ?? r.detail ?? ''}
          >
            {r.retry ? (
              <span className="inline-flex items-center gap-1 text-amber-700">
                <RotateCw className="size-3" aria-hidden /> {r.retry}
              </span>
            ) : (
              r.detail
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * "Describe": a sentence → a drafted workflow (DESIGN §14). On the project page it drafts a new
 * workflow; in the editor (`workflowId`) a change to the open one. The draft is shown on the
 * canvas (DraftReview) before anything is written.
 */
export function DescribeBox({
  projectId,
  targets,
  editing,
}: {
  projectId: string;
  targets: ReadonlyArray<{ id: string; name: string }>;
  /** "Describe a change": the open workflow. */
  editing?: { id: string; name: string; deploymentTargetId: string };
}) {
  const workflowId = editing?.id;
  const mine = useMySession(projectId, workflowId);
  const [prompt, setPrompt] = useState('');
  const [targetId, setTargetId] = useState(editing?.deploymentTargetId ?? '');
  const busy = mine !== null && (mine.phase === 'starting' || mine.phase === 'drafting');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (prompt.trim() === '' || busy) return;
    void useDrafts.getState().start({
      projectId,
      prompt: prompt.trim(),
      ...(workflowId ? { workflowId } : {}),
      ...(targetId ? { targetId } : {}),
    });
  };

  return (
    <form onSubmit={submit} className="space-y-3" data-testid="describe-box">
      <label className="block">
        <span className="sr-only">{workflowId ? 'Describe a change' : 'Describe a workflow'}</span>
        <textarea
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit(e);
          }}
          rows={3}
          maxLength={4000}
          disabled={busy}
          placeholder={
            workflowId
              ? `Describe a change to ${editing?.name ?? 'this workflow'}…`
              : 'Describe a workflow… e.g. "a public webhook that stores an order and replies with its id"'
          }
          className="block w-full resize-y rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-500 disabled:bg-slate-50"
          data-testid="describe-prompt"
        />
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2 text-xs text-slate-600">
          Target
          <select
            value={targetId}
            onChange={(e) => setTargetId(e.target.value)}
            disabled={busy}
            className="h-8 rounded-md border-0 bg-white pr-8 pl-2 text-xs text-slate-800 ring-1 ring-inset ring-slate-300"
            data-testid="describe-target"
          >
            <option value="">{editing ? 'Keep its target' : 'Default target'}</option>
            {targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.id})
              </option>
            ))}
          </select>
        </label>
        <span className="flex-1" />
        <Button
          type="submit"
          tone="primary"
          size="sm"
          disabled={busy || prompt.trim() === ''}
          data-testid="describe-submit"
        >
          {busy ? (
            <Loader2 className="size-3.5 animate-spin" aria-hidden />
          ) : (
            <Sparkles className="size-3.5" aria-hidden />
          )}
          {busy ? 'Drafting…' : 'Draft'}
        </Button>
      </div>
      {mine && <DraftStatus session={mine} />}
    </form>
  );
}

function DraftStatus({ session }: { session: DraftSession }) {
  const { review, clear, discard } = useDrafts.getState();
  return (
    <div className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3" data-testid="draft-status">
      {session.phase !== 'failed' || session.events.length > 0 ? <DraftStages session={session} /> : null}
      {session.error && (
        <p
          className="rounded bg-red-50 px-2 py-1.5 text-sm text-red-700"
          role="alert"
          data-testid="draft-error"
        >
          {session.error}
        </p>
      )}
      {session.phase === 'ready' && session.result && (
        <div className="flex flex-wrap items-center gap-2 pt-1">
          <p className="min-w-0 flex-1 text-xs text-slate-600">
            {session.result.ok
              ? `Draft of ${session.result.file} ready.`
              : `The draft still has ${session.result.problems.length} problem${session.result.problems.length === 1 ? '' : 's'}.`}
          </p>
          <Button size="sm" tone="primary" onClick={() => review(true)} data-testid="draft-show">
            Show on canvas
          </Button>
          <Button size="sm" tone="ghost" onClick={() => void discard()}>
            Discard
          </Button>
        </div>
      )}
      {session.phase === 'failed' && (
        <div className="flex justify-end">
          <Button size="sm" tone="ghost" onClick={clear}>
            <Circle className="size-3" aria-hidden /> Dismiss
          </Button>
        </div>
      )}
    </div>
  );
}

/** The project page's card. */
export function DescribeCard({ project }: { project: ProjectDetail }) {
  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          <Sparkles className="size-4 text-indigo-500" aria-hidden /> Describe a workflow
        </span>
      }
    >
      <DescribeBox projectId={project.id} targets={project.targets} />
      <DraftReview projectId={project.id} />
    </Card>
  );
}

/** The session of this box (same project, same workflow or none), if any. */
export function useMySession(projectId: string, workflowId: string | undefined): DraftSession | null {
  const session = useDrafts((s) => s.session);
  return session && session.projectId === projectId && session.workflowId === (workflowId ?? null)
    ? session
    : null;
}
