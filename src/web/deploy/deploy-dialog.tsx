import { Rocket, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { PLATFORM_LABELS } from '../../model/project.js';
import type { ProjectDetail } from '../api/types.js';
import { ProblemList, useProjectProblems } from '../components/problem-list.js';
import { Badge, Button } from '../components/ui.js';
import { timeAgo } from '../format.js';
import { useDeploys } from './deploy-store.js';
import { RunLog } from './run-log.js';

const STATUS_TONE = {
  deployed: 'green',
  deploying: 'blue',
  error: 'red',
  stopped: 'grey',
  never: 'grey',
} as const;

/**
 * The Deploy button's dialog: pick a target, deploy, watch the log stream until it ends.
 * Opened on a run (a rollback from the history) it shows that run's log straight away.
 */
export function DeployDialog({
  project,
  runId: initialRunId = null,
  onClose,
}: {
  project: ProjectDetail;
  runId?: string | null;
  onClose: () => void;
}) {
  const start = useDeploys((s) => s.start);
  const [targetId, setTargetId] = useState(project.targets[0]?.id ?? '');
  const [runId, setRunId] = useState<string | null>(initialRunId);
  const run = useDeploys((s) => (runId ? s.runs[runId] : undefined));
  const runtime = new Map(project.runtime.map((r) => [r.targetId, r]));
  // What the project's validation says now (again when a run ends): listed where to fix each.
  const problems = useProjectProblems(project.id, run?.state) ?? [];
  const problemList =
    problems.length > 0 ? (
      <div className="rounded-md border border-red-200 bg-white" role="alert" data-testid="deploy-problems">
        <p className="border-b border-red-100 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
          {problems.length} problem{problems.length === 1 ? '' : 's'} to fix before deploying
        </p>
        <ProblemList projectId={project.id} problems={problems} />
      </div>
    ) : undefined;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  function deploy() {
    const target = project.targets.find((t) => t.id === targetId);
    if (!target) return;
    setRunId(
      start({ action: 'deploy', projectId: project.id, targetId, title: `Deploying ${target.name}` }).runId,
    );
  }

  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center bg-slate-900/40 px-4 pt-20">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="deploy-title"
        className="w-full max-w-2xl rounded-xl bg-white shadow-2xl ring-1 ring-slate-900/10"
        data-testid="deploy-dialog"
      >
        <header className="flex items-center justify-between border-b border-slate-100 px-5 py-4">
          <h2 id="deploy-title" className="flex items-center gap-2 text-base font-semibold">
            <Rocket className="size-4 text-indigo-600" aria-hidden />
            {run ? run.title : `Deploy ${project.name}`}
          </h2>
          <button
            type="button"
            onClick={onClose}
            className="rounded p-1 text-slate-400 hover:text-slate-700"
            aria-label="Close"
          >
            <X className="size-4" />
          </button>
        </header>
        <div className="px-5 py-4">
          {run ? (
            <RunLog run={run} {...(run.lines.length === 0 && problemList ? { problems: problemList } : {})} />
          ) : project.targets.length === 0 ? (
            <p className="text-sm text-slate-600">
              This project has no deployment target yet: add one in settings.
            </p>
          ) : (
            <fieldset className="space-y-2">
              {problemList && <div className="mb-3">{problemList}</div>}
              <legend className="mb-2 text-xs font-medium text-slate-700">Target</legend>
              {project.targets.map((t) => {
                const r = runtime.get(t.id);
                return (
                  <label
                    key={t.id}
                    className={`flex cursor-pointer items-center gap-3 rounded-md px-3 py-2 ring-1 ${
                      targetId === t.id ? 'bg-indigo-50 ring-indigo-300' : 'ring-slate-200 hover:bg-slate-50'
                    }`}
                  >
                    <input
                      type="radio"
                      name="deploy-target"
                      value={t.id}
                      checked={targetId === t.id}
                      onChange={() => setTargetId(t.id)}
                      className="accent-indigo-600"
                    />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium text-slate-900">{t.name}</span>
                      <span className="block truncate text-xs text-slate-500">
                        {PLATFORM_LABELS[t.platform]} · <span className="font-mono">{t.id}</span>
                        {r?.lastDeployedAt ? ` · last deployed ${timeAgo(r.lastDeployedAt)}` : ''}
                      </span>
                    </span>
                    <Badge tone={STATUS_TONE[r?.status ?? 'never']}>{r?.status ?? 'never'}</Badge>
                  </label>
                );
              })}
              <p className="pt-1 text-xs text-slate-500">
                Uncommitted changes are committed first; the app is generated from that commit.
              </p>
            </fieldset>
          )}
        </div>
        <footer className="flex justify-end gap-2 rounded-b-xl border-t border-slate-100 bg-slate-50 px-5 py-3">
          <Button onClick={onClose}>{run && run.state !== 'running' ? 'Close' : 'Cancel'}</Button>
          {!run && (
            <Button tone="primary" onClick={deploy} disabled={!targetId}>
              <Rocket className="size-4" aria-hidden /> Deploy
            </Button>
          )}
        </footer>
      </div>
    </div>
  );
}
