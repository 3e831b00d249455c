import { ExternalLink, GitCommitHorizontal, Settings } from 'lucide-react';
import { PLATFORM_LABELS } from '../../model/project.js';
import type { ProjectSummary } from '../api/types.js';
import { HealthBadge } from '../components/health-badge.js';
import { LINK_BUTTON } from '../components/ui.js';
import { CardDeployButton } from '../deploy/card-deploy.js';
import { milliseconds, NO_VALUE, percent, timeAgo } from '../format.js';
import { routeHref } from '../router.js';

function Metric({ label, value }: { label: string; value: string }) {
  const missing = value === NO_VALUE;
  return (
    <div className="min-w-0 rounded-md bg-slate-50 px-2 py-1.5">
      <div className="truncate text-[10px] font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className={`truncate text-sm font-semibold ${missing ? 'text-slate-400' : 'text-slate-900'}`}>
        {value}
      </div>
      {missing && <div className="truncate text-[10px] text-slate-400">no data yet</div>}
    </div>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-3 text-xs">
      <dt className="shrink-0 text-slate-500">{label}</dt>
      <dd className="min-w-0 truncate text-right font-medium text-slate-800">{children}</dd>
    </div>
  );
}

/** The card's top edge carries its health colour, so a wall of cards reads at a glance. */
const HEALTH_EDGE = {
  healthy: 'border-t-emerald-500',
  degraded: 'border-t-amber-400',
  down: 'border-t-red-500',
  unknown: 'border-t-slate-300',
  stopped: 'border-t-slate-400',
} as const;

/** One dashboard card (seed mockup "Project Dashboard"); cards of a row share its height. */
export function ProjectCard({ project }: { project: ProjectSummary }) {
  const { health } = project;
  return (
    <article
      className={`flex h-full flex-col rounded-lg border border-t-4 border-slate-200 bg-white p-4 shadow-sm transition-shadow hover:shadow-md ${HEALTH_EDGE[health.status]}`}
      data-testid="project-card"
      data-project-id={project.id}
      data-health={health.status}
    >
      <header className="flex items-start justify-between gap-2">
        <h3 className="min-w-0 truncate text-base font-semibold text-slate-900" title={project.name}>
          <a href={routeHref({ page: 'project', projectId: project.id })} className="hover:text-indigo-600">
            {project.name}
          </a>
        </h3>
        <HealthBadge status={health.status} />
      </header>
      <p className="mt-1 line-clamp-2 min-h-10 text-sm leading-5 text-slate-600" title={project.description}>
        {project.loadError ? (
          <span className="text-red-600">{project.loadError}</span>
        ) : (
          project.description || <span className="text-slate-400">No description</span>
        )}
      </p>
      <div className="mt-3 grid grid-cols-3 gap-2">
        <Metric label="Uptime" value={percent(health.uptimePercent)} />
        <Metric label="Avg response" value={milliseconds(health.avgResponseMs)} />
        <Metric label="Error rate" value={percent(health.errorRatePercent, 2)} />
      </div>
      <dl className="mt-3 mb-4 space-y-1">
        <Row label="Workflows">{project.workflowCount}</Row>
        <Row label="Platform">{project.platform ? PLATFORM_LABELS[project.platform] : 'No target'}</Row>
        <Row label="Last deployed">{timeAgo(project.lastDeployedAt)}</Row>
        <Row label="Version">
          {project.deployedCommit ? (
            <span className="inline-flex items-center gap-1 font-mono" title="The deployed version">
              <GitCommitHorizontal className="size-3 text-slate-400" aria-hidden />v{project.deployedVersion}{' '}
              {project.deployedCommit}
            </span>
          ) : project.git.commit ? (
            <span className="inline-flex items-center gap-1 font-mono">
              <GitCommitHorizontal className="size-3 text-slate-400" aria-hidden />
              {project.git.commit}
            </span>
          ) : (
            <span className="text-slate-400">no commits</span>
          )}
        </Row>
      </dl>
      <footer className="mt-auto flex items-center gap-1 border-t border-slate-100 pt-3">
        {project.liveUrl ? (
          <a
            href={project.liveUrl}
            target="_blank"
            rel="noreferrer noopener"
            className={`${LINK_BUTTON} text-emerald-700 hover:bg-emerald-50`}
          >
            <ExternalLink className="size-3.5" aria-hidden /> View Live
          </a>
        ) : (
          <span className="min-w-0 truncate px-1 text-xs text-slate-400">
            {project.targetStatus === 'stopped' ? 'Stopped' : 'Not deployed'}
          </span>
        )}
        <span className="flex-1" />
        {!project.loadError && <CardDeployButton projectId={project.id} projectName={project.name} />}
        <a
          href={routeHref({ page: 'settings', projectId: project.id, section: 'general' })}
          className={`${LINK_BUTTON} text-slate-600 hover:bg-slate-100`}
        >
          <Settings className="size-3.5" aria-hidden /> Settings
        </a>
        <a
          href={routeHref({ page: 'project', projectId: project.id })}
          className={`${LINK_BUTTON} bg-indigo-600 text-white hover:bg-indigo-500`}
        >
          Open
        </a>
      </footer>
    </article>
  );
}
