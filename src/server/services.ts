import type { Problem } from '../model/project-files.js';
import type { ExpectedVersions } from '../store/file-version.js';
import type { DeployServices } from './deploy/deploy-services.js';
import type { DraftServices } from './draft/draft-services.js';
import type { HealthServices } from './health/health-services.js';
import type {
  CreateProjectRequest,
  TargetRequest,
  UpdateProjectRequest,
  WorkflowSettingsRequest,
} from './requests.js';
import type { SharedFunctionServices } from './shared-functions/services.js';
import type { GeneratedFileView, GenerationSummary, ProjectDetail, ProjectSummary } from './views.js';
import type { WorkflowServices } from './workflows/workflow-services.js';

/** What removing a project did. */
export interface RemovedProject {
  id: string;
  path: string;
  deletedFolder: boolean;
}

/** One page of the dashboard: `offset`/`limit` into the projects matching `q` (all when empty). */
export interface ProjectPageQuery {
  offset: number;
  limit: number;
  q: string;
}

export interface ProjectPage {
  projects: ProjectSummary[];
  /** How many projects match `q` (all registered ones when it is empty). */
  total: number;
}

export interface GenerateProgress {
  stage: string;
  status: 'start' | 'done';
}

/**
 * What the routes need from the rest of Catalyst. The real implementation
 * (`store-services.ts`, one file per service) sits on the store, workspace and build pipeline; routes stay thin.
 * Every method throws a `CatalystError` for a user mistake (unknown project, bad input).
 */
export interface StudioServices {
  listProjects(): Promise<ProjectSummary[]>;
  /** The first screen of the dashboard without listing every project (search: name and description). */
  projectPage(query: ProjectPageQuery): Promise<ProjectPage>;
  /**
   * The watcher saw a project's files change outside the studio: whatever is remembered of it
   * (the card facts) is read again next time. Optional: services without a cache ignore it.
   */
  forgetProject?(projectId: string): void;
  /** Reads what the project list needs of every registered project ahead of the first request. Optional. */
  warmProjects?(): void;
  getProject(projectId: string): Promise<ProjectDetail>;
  createProject(input: CreateProjectRequest): Promise<ProjectSummary>;
  updateProject(
    projectId: string,
    patch: UpdateProjectRequest,
    expected?: ExpectedVersions,
  ): Promise<ProjectDetail>;
  problems(projectId: string): Promise<Problem[]>;
  /**
   * Takes a project off the workspace; its folder (and its secret values) go too only with
   * `deleteFolder`. An unknown id is not found.
   */
  removeProject(projectId: string, options: { deleteFolder: boolean }): Promise<RemovedProject>;

  // `expected`: the versions a write was based on (`If-Match`); a stale one is refused (409).
  addTarget(projectId: string, target: TargetRequest, expected?: ExpectedVersions): Promise<ProjectDetail>;
  updateTarget(
    projectId: string,
    targetId: string,
    target: TargetRequest,
    expected?: ExpectedVersions,
  ): Promise<ProjectDetail>;
  removeTarget(projectId: string, targetId: string, expected?: ExpectedVersions): Promise<ProjectDetail>;
  updateWorkflowSettings(
    projectId: string,
    workflowId: string,
    settings: WorkflowSettingsRequest,
    expected?: ExpectedVersions,
  ): Promise<ProjectDetail>;
  /** Write-only: stores the value in the vault, returns nothing about it. */
  setSecret(
    projectId: string,
    name: string,
    value: string,
    description: string | undefined,
    expected?: ExpectedVersions,
  ): Promise<void>;
  deleteSecret(projectId: string, name: string, expected?: ExpectedVersions): Promise<void>;
  setEnvVar(projectId: string, name: string, value: string, expected?: ExpectedVersions): Promise<void>;
  deleteEnvVar(projectId: string, name: string, expected?: ExpectedVersions): Promise<void>;

  generate(
    projectId: string,
    targetId: string,
    onProgress: (progress: GenerateProgress) => void,
  ): Promise<GenerationSummary>;
  generatedFiles(
    projectId: string,
    targetId: string,
  ): Promise<{ files: GeneratedFileView[]; summary: GenerationSummary | null }>;
  generatedFile(
    projectId: string,
    targetId: string,
    path: string,
  ): Promise<{ path: string; content: string }>;
  generatedZip(projectId: string, targetId: string): Promise<Uint8Array>;

  /** The canvas editor's workflow files, validation and local runs (`workflow-services.ts`). */
  workflows: WorkflowServices;
  /** Deploy, history, rollback, stop/restart (`deploy-services.ts`). */
  deploys: DeployServices;
  /** The monitor the studio runs and what it measured (`health-services.ts`). */
  health: HealthServices;
  /** The "Describe" box: LLM drafts of a workflow, accepted or discarded (`draft-services.ts`). */
  drafts: DraftServices;
  /** Settings › Shared functions: add, edit, delete in catalyst.json (`shared-functions/services.ts`). */
  sharedFunctions: SharedFunctionServices;

  /** Folders to watch for live updates, and the registry file(s). */
  watchList(): Promise<{ projects: Array<{ id: string; folder: string }>; registryPaths: string[] }>;
}
