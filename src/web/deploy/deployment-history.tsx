import { History, RotateCcw, ScrollText } from 'lucide-react';
import { useState } from 'react';
import type { ProjectDetail } from '../api/types.js';
import { Badge, Button, Empty } from '../components/ui.js';
import { milliseconds, timeAgo } from '../format.js';
import { useToasts } from '../stores/toast-store.js';
import { useDeploys } from './deploy-store.js';

type Deployment = ProjectDetail['deployments'][number];

const STATUS_LOOK = {
  success: { tone: 'green', label: 'Success' },
  failed: { tone: 'red', label: 'Failed' },
  running: { tone: 'blue', label: 'Running' },
  'rolled-back': { tone: 'grey', label: 'Rolled back' },
} as const;

/** Per target, the newest successful deployment: what is serving now, so not a rollback candidate. */
function liveIds(deployments: Deployment[]): Set<string> {
  const live = new Map<string, string>();
  for (const d of deployments)
    if (d.status === 'success' && !live.has(d.targetId)) live.set(d.targetId, d.id);
  return new Set(live.values());
}

function RollbackCell({
  deployment,
  busy,
  onConfirm,
}: {
  deployment: Deployment;
  busy: boolean;
  /** Starts the rollback; resolves when it has finished, whatever its outcome. */
  onConfirm: () => Promise<unknown>;
}) {
  const [state, setState] = useState<'idle' | 'asking' | 'rolling'>('idle');
  if (state === 'rolling') {
    return (
      <Button size="sm" disabled>
        <RotateCcw className="size-3.5 animate-spin" aria-hidden /> Rolling back…
      </Button>
    );
  }
  if (state === 'idle') {
    return (
      <Button size="sm" onClick={() => setState('asking')} disabled={busy} title="Redeploy this version">
        <RotateCcw className="size-3.5" aria-hidden /> Roll back
      </Button>
    );
  }
  return (
    // Wraps under itself in a narrow table rather than widening it.
    <span className="flex flex-wrap items-center justify-end gap-1" data-testid="rollback-confirm">
      <span className="text-xs text-slate-600">Redeploy {deployment.commit.slice(0, 7)}?</span>
      <span className="flex gap-1">
        <Button
          size="sm"
          tone="danger"
          onClick={() => {
            setState('rolling');
            // The confirm closes once the rollback has finished (its log is in the deploy dialog).
            const close = () => setState('idle');
            void onConfirm().then(close, close);
          }}
        >
          Roll back
        </Button>
        <Button size="sm" tone="ghost" onClick={() => setState('idle')}>
          Cancel
        </Button>
      </span>
    </span>
  );
}

/** A failure message: two lines at most, the rest behind "more", so it never widens the table. */
function FailureReason({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const long = text.length > 120 || text.includes('\n');
  return (
    <div className="mt-0.5 text-xs text-red-600" data-testid="failure-reason">
      <p
        className={`whitespace-pre-wrap [overflow-wrap:anywhere] ${open || !long ? '' : 'line-clamp-2'}`}
        title={open ? undefined : text}
      >
        {text}
      </p>
      {long && (
        <button
          type="button"
          className="font-medium text-slate-500 underline-offset-2 hover:text-slate-800 hover:underline"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {open ? 'less' : 'more'}
        </button>
      )}
    </div>
  );
}

/** The detail view's deployment history: real records, newest first, rollback per earlier success. */
export function DeploymentHistory({
  project,
  onRun,
}: {
  project: ProjectDetail;
  /** Shows a started run's log (the deploy dialog). */
  onRun: (runId: string) => void;
}) {
  const start = useDeploys((s) => s.start);
  const showDeployment = useDeploys((s) => s.showDeployment);
  const toast = useToasts((s) => s.show);
  const running = useDeploys((s) =>
    Object.values(s.runs).some((r) => r.projectId === project.id && r.state === 'running'),
  );
  const names = new Map(project.targets.map((t) => [t.id, t.name]));
  const live = liveIds(project.deployments);

  if (project.deployments.length === 0) {
    return (
      <Empty icon={<History className="size-6" />} title="No deployments yet">
        Deploy a target; its version, commit, duration and outcome appear here.
      </Empty>
    );
  }
  return (
    <div className="-mx-4 -my-4 overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="deployment-history">
        <thead className="border-b border-slate-100 text-[11px] uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2 font-medium">Status</th>
            <th className="px-2 py-2 font-medium">Version</th>
            <th className="px-2 py-2 font-medium">Target</th>
            <th className="px-2 py-2 font-medium">When</th>
            <th className="px-2 py-2 text-right font-medium">Duration</th>
            <th className="px-4 py-2 text-right font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {project.deployments.map((d) => {
            const look = STATUS_LOOK[d.status];
            const canRollBack = (d.status === 'success' || d.status === 'rolled-back') && !live.has(d.id);
            return (
              <tr key={d.id} data-testid="deployment-row" data-deployment={d.id} data-status={d.status}>
                <td className="px-4 py-2 align-top">
                  <Badge tone={look.tone}>{look.label}</Badge>
                  {live.has(d.id) && (
                    <span className="ml-1.5 text-[11px] font-medium text-emerald-700">live</span>
                  )}
                </td>
                <td className="w-full px-2 py-2 align-top">
                  <span className="font-mono text-slate-900">v{d.version}</span>{' '}
                  <span className="font-mono text-xs text-slate-500" title={d.commit}>
                    {d.commit.slice(0, 7)}
                  </span>
                  {d.rollbackOf && <p className="text-[11px] text-slate-500">rollback to {d.rollbackOf}</p>}
                  {d.failureReason && <FailureReason text={d.failureReason} />}
                </td>
                <td className="px-2 py-2 align-top text-slate-700">{names.get(d.targetId) ?? d.targetId}</td>
                <td className="px-2 py-2 align-top whitespace-nowrap text-slate-600" title={d.startedAt}>
                  {timeAgo(d.startedAt)}
                </td>
                <td className="px-2 py-2 text-right align-top whitespace-nowrap text-slate-600">
                  {milliseconds(d.durationMs)}
                </td>
                <td className="px-4 py-1.5 text-right align-top">
                  <div className="flex flex-wrap items-center justify-end gap-1">
                    <Button
                      size="sm"
                      tone="ghost"
                      onClick={() =>
                        showDeployment(project.id, d.id).catch((e: Error) => toast(e.message, 'error'))
                      }
                      title="Show this deployment's log"
                    >
                      <ScrollText className="size-3.5" aria-hidden /> Logs
                    </Button>
                    {canRollBack && (
                      <RollbackCell
                        deployment={d}
                        busy={running}
                        onConfirm={() => {
                          const started = start({
                            action: 'rollback',
                            projectId: project.id,
                            targetId: d.targetId,
                            deploymentId: d.id,
                            title: `Rolling back ${names.get(d.targetId) ?? d.targetId} to ${d.commit.slice(0, 7)}`,
                          });
                          onRun(started.runId);
                          return started.done;
                        }}
                      />
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
