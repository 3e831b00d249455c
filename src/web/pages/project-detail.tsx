import {
  ArrowRight,
  Code2,
  Copy,
  ExternalLink,
  GitBranch,
  Settings,
  TriangleAlert,
  Workflow as WorkflowIcon,
} from 'lucide-react';
import type { ProjectDetail, WorkflowView } from '../api/types.js';
import { HealthBadge } from '../components/health-badge.js';
import { ProblemList } from '../components/problem-list.js';
import { Badge, Button, Card, Empty, LINK_BUTTON, Stat } from '../components/ui.js';
import { DeployButton, DeploymentHistoryCard, TargetRuntimeCard } from '../deploy/detail-sections.js';
import { TargetLogsCard } from '../deploy/target-logs.js';
import { DescribeCard } from '../draft/describe-box.js';
import { NewWorkflowButton, WorkflowRowActions } from '../editor/workflow-actions.js';
import { pluralize, timeAgo } from '../format.js';
import { HealthPanel } from '../health/health-panel.js';
import { routeHref } from '../router.js';
import { useProject } from '../stores/project-store.js';
import { useToasts } from '../stores/toast-store.js';
import { ProjectFrame } from './project-frame.js';

/** `<url>/docs` of a target that is deployed and has a URL (its runtime state says it runs). */
function docsUrlOf(project: ProjectDetail, targetId: string): string | null {
  const runtime = project.runtime.find((r) => r.targetId === targetId);
  if (runtime?.status !== 'deployed' || !runtime.url) return null;
  return `${runtime.url.replace(/\/+$/, '')}/docs`;
}

const METHOD_TONE = { GET: 'blue', POST: 'green', PUT: 'yellow', PATCH: 'violet', DELETE: 'red' } as const;

/** `in: userId:int* · out: total:number` and, for a public workflow of a running target, its /docs. */
function SchemaSummary({ workflow, docsUrl }: { workflow: WorkflowView; docsUrl: string | null }) {
  const { input, output } = workflow.schemas;
  const docs = workflow.visibility === 'public' ? docsUrl : null;
  if (input === null && output === null && docs === null) return null;
  return (
    <p
      className="mt-1 ml-6 flex min-w-0 items-center gap-2 text-xs text-slate-500"
      data-testid="schema-summary"
    >
      {(input !== null || output !== null) && (
        <span className="min-w-0 truncate font-mono" title="* required">
          {input !== null && <span>in: {input}</span>}
          {input !== null && output !== null && <span className="text-slate-300"> · </span>}
          {output !== null && <span>out: {output}</span>}
        </span>
      )}
      {docs !== null && (
        <a
          href={docs}
          target="_blank"
          rel="noreferrer"
          className="flex shrink-0 items-center gap-1 font-medium text-indigo-600 hover:underline"
          data-testid="docs-link"
        >
          API docs <ExternalLink className="size-3" aria-hidden />
        </a>
      )}
    </p>
  );
}

function WorkflowRow({
  projectId,
  workflow,
  targetName,
  docsUrl,
}: {
  projectId: string;
  workflow: WorkflowView;
  targetName: string;
  /** The running target's Swagger UI (`<liveUrl>/docs`), when it runs. */
  docsUrl: string | null;
}) {
  return (
    <li className="py-3" data-testid="workflow-row" data-workflow={workflow.name}>
      <div className="flex items-center gap-2">
        <WorkflowIcon className="size-4 shrink-0 text-slate-400" aria-hidden />
        <a
          href={routeHref({ page: 'editor', projectId, workflowId: workflow.id })}
          className="min-w-0 truncate font-mono text-sm font-medium text-slate-900 hover:text-indigo-600 hover:underline"
        >
          {workflow.name}
        </a>
        {workflow.visibility === 'public' ? (
          <Badge tone="green">Public</Badge>
        ) : (
          <Badge tone="grey">Internal</Badge>
        )}
        {workflow.endpoint && (
          <span className="flex min-w-0 items-center gap-1.5">
            <Badge tone={METHOD_TONE[workflow.endpoint.method]}>{workflow.endpoint.method}</Badge>
            <code className="truncate rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
              {workflow.endpoint.path}
            </code>
          </span>
        )}
        <span className="flex-1" />
        <span className="shrink-0 text-xs text-slate-500">
          {pluralize(workflow.nodeCount, 'node')} · {targetName}
        </span>
        <WorkflowRowActions projectId={projectId} workflow={workflow} />
      </div>
      {workflow.description && (
        <p className="mt-1 ml-6 truncate text-xs text-slate-500">{workflow.description}</p>
      )}
      <SchemaSummary workflow={workflow} docsUrl={docsUrl} />
      {workflow.calls.length > 0 && (
        <ul className="mt-1.5 ml-6 flex flex-wrap gap-1.5" aria-label={`Workflows ${workflow.name} calls`}>
          {workflow.calls.map((call) => (
            <li
              key={call.nodeId}
              className="flex items-center gap-1.5 rounded-md bg-slate-50 px-2 py-1 text-xs ring-1 ring-slate-200"
              data-testid="workflow-call"
            >
              <ArrowRight className="size-3 text-slate-400" aria-hidden />
              <span className="max-w-64 truncate font-mono text-slate-700">
                {call.callType === 'local' ? (call.workflowName ?? `${call.workflowId} (missing)`) : call.url}
              </span>
              <Badge tone={call.callType === 'local' ? 'violet' : 'blue'}>
                {call.callType === 'local' ? 'Local' : 'HTTP'}
              </Badge>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function ProductionUrl({ project }: { project: ProjectDetail }) {
  const toast = useToasts((s) => s.show);
  const url = project.liveUrl;
  return (
    <Card title="Production URL">
      {url ? (
        <div className="space-y-3">
          <code className="block truncate rounded bg-slate-50 px-2 py-1.5 text-xs text-slate-700 ring-1 ring-slate-200">
            {url}
          </code>
          <div className="flex gap-2">
            <a
              href={url}
              target="_blank"
              rel="noreferrer noopener"
              className={`${LINK_BUTTON} bg-indigo-600 text-white hover:bg-indigo-500`}
            >
              <ExternalLink className="size-3.5" aria-hidden /> Visit
            </a>
            <Button
              size="sm"
              onClick={() =>
                navigator.clipboard.writeText(url).then(
                  () => toast('URL copied'),
                  () => toast('Could not copy: the browser refused clipboard access', 'error'),
                )
              }
            >
              <Copy className="size-3.5" aria-hidden /> Copy
            </Button>
          </div>
        </div>
      ) : project.targetStatus === 'stopped' ? (
        <p className="text-sm text-slate-500" data-testid="production-stopped">
          Stopped: nothing answers until you restart it from Targets.
        </p>
      ) : (
        <p className="text-sm text-slate-500">
          No URL yet. Set one on a target in{' '}
          <a
            className="text-indigo-600 hover:underline"
            href={routeHref({ page: 'settings', projectId: project.id, section: 'targets' })}
          >
            settings
          </a>
          .
        </p>
      )}
    </Card>
  );
}

function GitPanel({ project }: { project: ProjectDetail }) {
  const { branch, commit, repoUrl } = project.git;
  return (
    <Card title="Git">
      <p className="flex items-center gap-2 text-sm" data-testid="git-ref">
        <GitBranch className="size-4 text-slate-400" aria-hidden />
        <span className="font-mono">{branch ?? 'no branch'}</span>
        <span className="text-slate-400">@</span>
        <span className="font-mono">{commit ?? 'no commits yet'}</span>
      </p>
      {repoUrl ? (
        <a
          href={repoUrl}
          target="_blank"
          rel="noreferrer noopener"
          className="mt-2 flex items-center gap-1 truncate text-xs text-indigo-600 hover:underline"
        >
          <ExternalLink className="size-3 shrink-0" aria-hidden /> {repoUrl}
        </a>
      ) : (
        <p className="mt-2 text-xs text-slate-500">No repository URL set.</p>
      )}
    </Card>
  );
}

/** The seed mockup "Project Detail View". */
export function ProjectDetailPage({ projectId }: { projectId: string }) {
  const problems = useProject((s) => s.problems);
  return (
    <ProjectFrame projectId={projectId}>
      {(project) => {
        const targets = new Map(project.targets.map((t) => [t.id, t.name]));
        return (
          <div className="space-y-5">
            <div className="flex items-start justify-between gap-4">
              <div className="min-w-0">
                <div className="flex items-center gap-3">
                  <h1 className="truncate text-2xl font-semibold text-slate-900">{project.name}</h1>
                  <HealthBadge status={project.health.status} />
                </div>
                <p className="mt-1 truncate text-sm text-slate-600">
                  {project.description || 'No description'}
                </p>
              </div>
              <div className="flex shrink-0 items-center gap-2">
                <a
                  href={routeHref({ page: 'code', projectId, targetId: null })}
                  className={`${LINK_BUTTON} h-9 px-3.5 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50`}
                >
                  <Code2 className="size-4" aria-hidden /> Generated code
                </a>
                <a
                  href={routeHref({ page: 'settings', projectId, section: 'general' })}
                  className={`${LINK_BUTTON} h-9 px-3.5 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50`}
                >
                  <Settings className="size-4" aria-hidden /> Settings
                </a>
                <DeployButton project={project} />
              </div>
            </div>

            <dl className="grid grid-cols-2 gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:grid-cols-4">
              <Stat label="Workflows" value={project.workflowCount} />
              <Stat
                label="Version"
                value={<span className="font-mono">{project.git.commit ?? '—'}</span>}
                note={`v${project.manifest.version}`}
              />
              <Stat label="Last deploy" value={timeAgo(project.lastDeployedAt)} />
              <Stat label="Status" value={<HealthBadge status={project.health.status} />} />
            </dl>

            {problems.length > 0 && (
              <div
                className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-800"
                data-testid="problems"
              >
                <p className="flex items-center gap-2 font-medium">
                  <TriangleAlert className="size-4" aria-hidden />{' '}
                  {pluralize(problems.length, 'validation problem')}
                </p>
                <div className="mt-2 rounded-md bg-white/70">
                  <ProblemList projectId={projectId} problems={problems} limit={5} />
                </div>
              </div>
            )}

            <div className="grid grid-cols-1 gap-5 lg:grid-cols-3">
              <div className="space-y-5 lg:col-span-2">
                <Card
                  title={`Workflows (${project.workflows.length})`}
                  actions={<NewWorkflowButton project={project} />}
                >
                  {project.workflows.length === 0 ? (
                    <Empty icon={<WorkflowIcon className="size-6" />} title="No workflows yet" />
                  ) : (
                    <ul className="-my-3 divide-y divide-slate-100">
                      {project.workflows.map((w) => (
                        <WorkflowRow
                          key={w.id}
                          projectId={projectId}
                          workflow={w}
                          targetName={targets.get(w.deploymentTargetId) ?? w.deploymentTargetId}
                          docsUrl={docsUrlOf(project, w.deploymentTargetId)}
                        />
                      ))}
                    </ul>
                  )}
                </Card>
                <DescribeCard project={project} />
                <HealthPanel project={project} />
                <DeploymentHistoryCard project={project} />
                <TargetLogsCard project={project} />
              </div>
              <div className="space-y-5">
                <ProductionUrl project={project} />
                <TargetRuntimeCard project={project} />
                <GitPanel project={project} />
              </div>
            </div>
          </div>
        );
      }}
    </ProjectFrame>
  );
}
