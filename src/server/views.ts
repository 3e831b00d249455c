import type { FileKind } from '../compiler/types.js';
import type { DeploymentTarget, Platform, ProjectManifest, SecretMeta } from '../model/project.js';
import type { HttpMethod, Visibility } from '../model/workflow.js';
import type { DeploymentView, TargetRuntimeView } from './deploy/runtime-views.js';

export type { DeploymentView, TargetRuntimeView } from './deploy/runtime-views.js';

/**
 * Shapes the API returns. The client never restates them: it infers them through `hc<AppType>`.
 * Runtime state that later features own (health, deployments) is `null` until they exist —
 * the studio shows "no data yet" rather than invented numbers.
 */

/** `stopped`: the user stopped the target; it is not checked until it runs again. */
export type HealthStatus = 'healthy' | 'degraded' | 'down' | 'unknown' | 'stopped';

export interface HealthView {
  status: HealthStatus;
  /** Share of good checks, 0–100. */
  uptimePercent: number | null;
  avgResponseMs: number | null;
  /** Percent, 0–100. */
  errorRatePercent: number | null;
  lastCheckedAt: string | null;
}

export interface GitView {
  branch: string | null;
  /** Short sha of HEAD, null before the first commit. */
  commit: string | null;
  repoUrl: string | null;
}

export interface ProjectSummary {
  id: string;
  name: string;
  description: string;
  folder: string;
  workflowCount: number;
  /** Platform of the main target (the one most workflows deploy to). */
  platform: Platform | null;
  /** URL of the main target once it has one. */
  liveUrl: string | null;
  git: GitView;
  health: HealthView;
  lastDeployedAt: string | null;
  /** The target the card's health and deploy facts are about (the main one, once shipped). */
  mainTargetId: string | null;
  /** Version and short commit that target runs, once deployed. */
  deployedVersion: string | null;
  deployedCommit: string | null;
  targetStatus: 'deploying' | 'deployed' | 'error' | 'stopped' | null;
  /** Set when the folder cannot be read; the card says so instead of disappearing. */
  loadError: string | null;
}

export interface WorkflowCallView {
  nodeId: string;
  callType: 'local' | 'http';
  /** The called workflow, for local calls (null when the id matches no workflow). */
  workflowId: string | null;
  workflowName: string | null;
  /** For http calls. */
  url: string | null;
}

export interface WorkflowView {
  id: string;
  name: string;
  description: string;
  file: string;
  visibility: Visibility;
  deploymentTargetId: string;
  /** Method and path it is served at; for a public workflow without one, the default `POST /api/<slug>`. */
  endpoint: { method: HttpMethod; path: string; isDefault: boolean } | null;
  nodeCount: number;
  /** One-line summaries of its inputSchema / outputSchema (`userId:int*, note:string`); null: none. */
  schemas: { input: string | null; output: string | null };
  calls: WorkflowCallView[];
  /** Version (content hash) of its file as read; sent back in `If-Match` by a write based on it. */
  version: string;
}

export interface ProjectDetail extends ProjectSummary {
  manifest: ProjectManifest;
  /** Version (content hash) of catalyst.json as read; sent back in `If-Match` by a settings write. */
  version: string;
  targets: DeploymentTarget[];
  workflows: WorkflowView[];
  /** Names and descriptions only — a secret's value never leaves the vault through the API. */
  secrets: SecretMeta[];
  envVars: Array<{ name: string; value: string }>;
  /** Deploy state and health of every target, in the order of `targets`. */
  runtime: TargetRuntimeView[];
  /** Newest first. */
  deployments: DeploymentView[];
}

export interface GeneratedFileView {
  path: string;
  bytes: number;
  lines: number;
}

export interface GenerationSummary {
  targetId: string;
  files: number;
  linesByKind: Partial<Record<FileKind, number>>;
  stages: Array<{ stage: string; ms: number }>;
  totalMs: number;
  /** E.g. the target has no workflows; the page shows them beside the files. */
  warnings: string[];
}

export interface ApiProblem {
  path: string;
  message: string;
  field: string | null;
}

export interface ApiErrorBody {
  error: string;
  /** The CatalystError code, when the error came from one. */
  code?: string;
  problems?: ApiProblem[];
  /** On a 409 for a stale `If-Match`: the version on disk now (to overwrite it knowingly). */
  version?: string;
}
