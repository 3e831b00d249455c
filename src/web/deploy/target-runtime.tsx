import { ExternalLink, Play, Square } from 'lucide-react';
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
                {r.status !== 'never' && <HealthBadge status={r.health.status} />}
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
                  {r.url && (
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
                  {r.controllable && r.status === 'deployed' && (
                    <Button
                      size="sm"
                      onClick={() => run('stop', `Stopping ${name}`)}
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
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
