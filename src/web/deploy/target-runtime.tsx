import { ExternalLink, Play, Square } from 'lucide-react';
import { useEffect, useState } from 'react';
import { PLATFORM_LABELS } from '../../model/project.js';
import type { ProjectDetail } from '../api/types.js';
import { HealthBadge } from '../components/health-badge.js';
import { Badge, Button, Card } from '../components/ui.js';
import { timeAgo } from '../format.js';
import { useDeploys } from './deploy-store.js';

const STATUS_TONE = {
  deployed: 'green',
  deploying: 'blue',
  error: 'red',
  stopped: 'grey',
  never: 'grey',
} as const;
const STATUS_LABEL = {
  deployed: 'Deployed',
  deploying: 'Deploying',
  error: 'Error',
  stopped: 'Stopped',
  never: 'Not deployed',
} as const;

/**
 * Stop asks first, inline under the target: stopping takes the app off its URL. Escape or
 * Cancel leaves it running.
 */
function StopConfirm({
  name,
  url,
  onStop,
  onCancel,
}: {
  name: string;
  url: string | null;
  onStop: () => void;
  onCancel: () => void;
}) {
  useEffect(() => {
    // Escape anywhere on the page cancels; Cancel has the focus, so Enter never stops the app.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCancel();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div
      role="alertdialog"
      aria-label={`Stop ${name}?`}
      data-testid="stop-confirm"
      className="space-y-1.5 rounded-md bg-red-50 px-2.5 py-2 ring-1 ring-red-200"
    >
      <p className="text-xs text-red-800">
        <span className="font-semibold">Stop {name}?</span>{' '}
        {url ? (
          <>
            {/* A URL breaks only when it cannot fit on a line of its own. */}
            The app at <span className="font-mono [overflow-wrap:anywhere]">{url}</span> stops answering.
          </>
        ) : (
          'The app stops answering.'
        )}
      </p>
      <div className="flex justify-end gap-1">
        <Button size="sm" tone="danger" onClick={onStop}>
          <Square className="size-3" aria-hidden /> Stop
        </Button>
        <Button size="sm" tone="ghost" onClick={onCancel} autoFocus>
          Cancel
        </Button>
      </div>
    </div>
  );
}

/** Each target's deploy state, with stop and restart for apps Catalyst runs here. */
export function TargetRuntime({
  project,
  onRun,
}: {
  project: ProjectDetail;
  onRun: (runId: string) => void;
}) {
  const start = useDeploys((s) => s.start);
  const runs = useDeploys((s) => s.runs);
  const busy = new Set(
    Object.values(runs)
      .filter((r) => r.projectId === project.id && r.state === 'running')
      .map((r) => r.targetId),
  );
  const names = new Map(project.targets.map((t) => [t.id, t.name]));
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <Card title="Targets">
      <ul className="-my-2 divide-y divide-slate-100">
        {project.runtime.map((r) => {
          const name = names.get(r.targetId) ?? r.targetId;
          const run = (action: 'stop' | 'restart', title: string) =>
            onRun(start({ action, projectId: project.id, targetId: r.targetId, title }).runId);
          return (
            <li
              key={r.targetId}
              className="space-y-1 py-2"
              data-testid="target-runtime"
              data-target={r.targetId}
            >
              <div className="flex items-center gap-2">
                <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900">{name}</span>
                {/* A stopped target's health says just that: the state badge alone says it once. */}
                {r.status !== 'never' && r.status !== 'stopped' && <HealthBadge status={r.health.status} />}
                <Badge tone={STATUS_TONE[r.status]}>
                  <span data-runtime-status={r.status}>{STATUS_LABEL[r.status]}</span>
                </Badge>
              </div>
              <p className="truncate text-xs text-slate-500">
                {PLATFORM_LABELS[r.platform]}
                {r.deployedVersion && (
                  <>
                    {' · '}v{r.deployedVersion}{' '}
                    <span className="font-mono">{r.deployedCommit?.slice(0, 7)}</span>
                  </>
                )}
                {r.lastDeployedAt && ` · ${timeAgo(r.lastDeployedAt)}`}
              </p>
              {(r.url || r.controllable) && (
                <div className="flex items-center gap-1">
                  {r.url && r.status === 'stopped' && (
                    // Nothing answers there while stopped: the address, but no link to it.
                    <span
                      className="min-w-0 truncate text-xs text-slate-400"
                      title="Stopped: nothing answers at this address"
                      data-testid="stopped-url"
                    >
                      {r.url}
                    </span>
                  )}
                  {r.url && r.status !== 'stopped' && (
                    <a
                      href={r.url}
                      target="_blank"
                      rel="noreferrer noopener"
                      className="flex min-w-0 items-center gap-1 truncate text-xs text-indigo-600 hover:underline"
                    >
                      <ExternalLink className="size-3 shrink-0" aria-hidden /> {r.url}
                    </a>
                  )}
                  <span className="flex-1" />
                  {r.controllable && r.status === 'deployed' && confirming !== r.targetId && (
                    <Button
                      size="sm"
                      onClick={() => setConfirming(r.targetId)}
                      disabled={busy.has(r.targetId)}
                    >
                      <Square className="size-3" aria-hidden /> Stop
                    </Button>
                  )}
                  {r.controllable && (r.status === 'stopped' || r.status === 'error') && r.deployedCommit && (
                    <Button
                      size="sm"
                      onClick={() => run('restart', `Restarting ${name}`)}
                      disabled={busy.has(r.targetId)}
                    >
                      <Play className="size-3" aria-hidden /> Restart
                    </Button>
                  )}
                </div>
              )}
              {confirming === r.targetId && r.status === 'deployed' && (
                <StopConfirm
                  name={name}
                  url={r.url}
                  onStop={() => {
                    setConfirming(null);
                    run('stop', `Stopping ${name}`);
                  }}
                  onCancel={() => setConfirming(null)}
                />
              )}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
