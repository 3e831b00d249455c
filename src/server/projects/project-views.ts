import type { DeploymentTarget, ProjectManifest } from '../../model/project.js';
import type { LoadedWorkflow, Project } from '../../model/project-files.js';
import { summarizeSchema } from '../../model/schema-form.js';
import { routeOf } from '../../model/validate/endpoint-rules.js';
import type { SourceVersions } from '../../store/file-version.js';
import type { GitState } from '../../store/git.js';
import type { HealthView, ProjectDetail, ProjectSummary, WorkflowCallView, WorkflowView } from '../views.js';

/** What a card and a project page show of git: the branch and HEAD (nulls outside a repository). */
export type GitHead = Pick<GitState, 'branch' | 'sha'>;

export const NO_GIT: GitHead = { branch: null, sha: null };

const SHORT_SHA_LENGTH = 7;

export function shortSha(sha: string | null): string | null {
  return sha === null ? null : sha.slice(0, SHORT_SHA_LENGTH);
}

/** Health is the monitor's to measure; until it does, say so instead of inventing numbers. */
export const UNKNOWN_HEALTH: HealthView = {
  status: 'unknown',
  uptimePercent: null,
  avgResponseMs: null,
  errorRatePercent: null,
  lastCheckedAt: null,
};

/**
 * The target a project mostly deploys to: the one most workflows are assigned to (ties and
 * projects without workflows: the first by id).
 */
export function mainTarget(manifest: ProjectManifest, targetIds: string[]): DeploymentTarget | null {
  const targets = Object.values(manifest.deploymentTargets).sort((a, b) => a.id.localeCompare(b.id));
  if (targets.length === 0) return null;
  const uses = new Map<string, number>();
  for (const id of targetIds) uses.set(id, (uses.get(id) ?? 0) + 1);
  return targets.reduce(
    (best, t) => ((uses.get(t.id) ?? 0) > (uses.get(best.id) ?? 0) ? t : best),
    targets[0]!,
  );
}

export function summaryOf(
  manifest: ProjectManifest,
  folder: string,
  workflowTargetIds: string[],
  git: GitHead,
): ProjectSummary {
  const main = mainTarget(manifest, workflowTargetIds);
  const anyUrl = Object.values(manifest.deploymentTargets).find((t) => t.url)?.url ?? null;
  return {
    id: manifest.id,
    name: manifest.name,
    description: manifest.description,
    folder,
    workflowCount: workflowTargetIds.length,
    platform: main?.platform ?? null,
    liveUrl: main?.url ?? anyUrl,
    git: { branch: git.branch, commit: shortSha(git.sha), repoUrl: manifest.git?.repoUrl ?? null },
    health: UNKNOWN_HEALTH,
    lastDeployedAt: null,
    mainTargetId: main?.id ?? null,
    deployedVersion: null,
    deployedCommit: null,
    targetStatus: null,
    loadError: null,
  };
}

/** What each workflowCall node of a workflow calls: a local workflow or an HTTP URL. */
export function callsOf(loaded: LoadedWorkflow, byId: Map<string, LoadedWorkflow>): WorkflowCallView[] {
  const calls: WorkflowCallView[] = [];
  for (const [nodeId, node] of Object.entries(loaded.workflow.nodes)) {
    if (node.type !== 'workflowCall') continue;
    const { callType, targetWorkflowId, httpUrl } = node.config;
    if (callType === 'http') {
      calls.push({
        nodeId,
        callType: 'http',
        workflowId: null,
        workflowName: null,
        url: typeof httpUrl === 'string' ? httpUrl : null,
      });
    } else {
      const id = typeof targetWorkflowId === 'string' ? targetWorkflowId : null;
      calls.push({
        nodeId,
        callType: 'local',
        workflowId: id,
        workflowName: (id && byId.get(id)?.workflow.name) ?? null,
        url: null,
      });
    }
  }
  return calls;
}

export function workflowViews(project: Project, versions: SourceVersions): WorkflowView[] {
  const byId = new Map(project.workflows.map((w) => [w.workflow.id, w]));
  // Public entry points first, then by name: the order a reader follows the calls in.
  const ordered = [...project.workflows].sort(
    (a, b) =>
      Number(b.workflow.visibility === 'public') - Number(a.workflow.visibility === 'public') ||
      a.workflow.name.localeCompare(b.workflow.name),
  );
  return ordered.map((loaded) => {
    const { workflow } = loaded;
    return {
      id: workflow.id,
      name: workflow.name,
      description: workflow.description ?? '',
      file: loaded.file,
      visibility: workflow.visibility,
      deploymentTargetId: workflow.deploymentTargetId,
      endpoint: workflow.visibility === 'public' ? routeOf(loaded) : null,
      nodeCount: Object.keys(workflow.nodes).length,
      schemas: {
        input: summarizeSchema(workflow.inputSchema),
        output: summarizeSchema(workflow.outputSchema),
      },
      calls: callsOf(loaded, byId),
      version: versions.workflows.get(loaded.file) ?? '',
    };
  });
}

export function detailOf(
  project: Project,
  folder: string,
  git: GitHead,
  versions: SourceVersions,
): ProjectDetail {
  const { manifest } = project;
  const summary = summaryOf(
    manifest,
    folder,
    project.workflows.map((w) => w.workflow.deploymentTargetId),
    git,
  );
  return {
    ...summary,
    manifest,
    version: versions.manifest,
    targets: Object.values(manifest.deploymentTargets).sort((a, b) => a.id.localeCompare(b.id)),
    workflows: workflowViews(project, versions),
    // Security: names and descriptions only — values stay in the vault.
    secrets: Object.values(manifest.secrets).sort((a, b) => a.name.localeCompare(b.name)),
    envVars: Object.entries(manifest.envVars)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value })),
    // Filled from the workspace database by runtime-merge.ts.
    runtime: [],
    deployments: [],
  };
}
