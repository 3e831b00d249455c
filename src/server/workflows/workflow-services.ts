import type { TargetPlan } from '../../compiler/types.js';
import { CatalystError } from '../../errors.js';
import { loadProject } from '../../model/load.js';
import type { ProjectManifest } from '../../model/project.js';
import type { LoadedWorkflow, Problem } from '../../model/project-files.js';
import { type ExpectedVersions, sourceVersions, writtenVersion } from '../../store/file-version.js';
import { openProject, readProjectSource } from '../../store/project-folder.js';
import * as store from '../../store/project-store.js';
import type { Workspace } from '../../workspace/workspace.js';
import { RunHistory } from '../run/run-history.js';
import { DEFAULT_RUN_TIMEOUT_MS } from '../run/run-timeout.js';
import { createTraceRuns, type TraceRuns } from '../run/trace-runs.js';
import { createExampleRuns, type ExamplesRunView } from './example-runs.js';
import type { CreateWorkflowRequest, SaveWorkflowRequest } from './workflow-requests.js';

/** A workflow as read or written, with the version (content hash) of its file. */
export interface VersionedWorkflow extends LoadedWorkflow {
  version: string;
}

/** Everything the editor needs to show and check one workflow against its project. */
export interface ProjectModel {
  manifest: ProjectManifest;
  /** Of catalyst.json. */
  version: string;
  workflows: VersionedWorkflow[];
  problems: Problem[];
}

/** The canvas editor's operations: workflow files, in-memory validation and traced runs. */
export interface WorkflowServices {
  model(projectId: string): Promise<ProjectModel>;
  /** One workflow as it is on disk now. */
  get(projectId: string, workflowId: string): Promise<VersionedWorkflow>;
  create(projectId: string, input: CreateWorkflowRequest): Promise<VersionedWorkflow>;
  // `expected`: the version the write was based on (`If-Match`); a stale one is refused (409).
  save(
    projectId: string,
    workflowId: string,
    input: SaveWorkflowRequest,
    expected?: ExpectedVersions,
  ): Promise<VersionedWorkflow>;
  rename(
    projectId: string,
    workflowId: string,
    name: string,
    expected?: ExpectedVersions,
  ): Promise<VersionedWorkflow>;
  remove(projectId: string, workflowId: string, expected?: ExpectedVersions): Promise<LoadedWorkflow>;
  /** Problems of the project with `candidate` in place of the saved workflow (nothing is written). */
  validate(projectId: string, workflowId: string, candidate: unknown): Promise<Problem[]>;
  /** Traced runs in a warm harness, their history and pinned test inputs (run/trace-runs.ts). */
  runs: TraceRuns;
  /** Runs the workflow's examples like `catalyst test --workflow <id> --json` (example-runs.ts). */
  test(projectId: string, workflowId: string): Promise<ExamplesRunView>;
  /** Stops every warm Run process. */
  close(): Promise<void>;
}

/** What the store just wrote: the version is that of the stable JSON it wrote the file as. */
function versioned(loaded: LoadedWorkflow): VersionedWorkflow {
  return { ...loaded, version: writtenVersion(loaded.workflow) };
}

export interface WorkflowServiceOptions {
  /** How long a studio Run may take (default DEFAULT_RUN_TIMEOUT_MS; see run/run-timeout.ts). */
  runTimeoutMs?: number;
}

export function createWorkflowServices(
  workspace: Workspace,
  options: WorkflowServiceOptions = {},
): WorkflowServices {
  function folderOf(projectId: string): string {
    const found = workspace.registry.find(projectId);
    if (!found || found.id !== projectId) {
      throw new CatalystError(
        'not_found',
        `No project ${projectId} in this workspace: it may have been removed.`,
      );
    }
    return found.path;
  }

  async function opened(projectId: string) {
    const folder = folderOf(projectId);
    const result = await openProject(folder);
    if (!result.project) {
      const first = result.problems[0];
      throw new CatalystError(
        'invalid_project',
        `Cannot open ${folder}: ${first ? `${first.file} ${first.path}: ${first.message}` : 'its files cannot be read'}. Fix the file (\`catalyst validate\` lists every problem).`,
      );
    }
    return { folder, project: result.project, problems: result.problems, source: result.source };
  }

  function findIn(workflows: LoadedWorkflow[], workflowId: string): LoadedWorkflow {
    const found = workflows.find((w) => w.workflow.id === workflowId);
    if (!found) {
      throw new CatalystError(
        'not_found',
        `No workflow ${workflowId} in this project: it may have been deleted.`,
      );
    }
    return found;
  }

  /** Secret values for the app's environment: the vault first, then the studio's own environment. */
  function secretEnv(projectId: string, plan: TargetPlan): Record<string, string> {
    const values: Record<string, string> = {};
    const missing: string[] = [];
    for (const name of plan.secrets) {
      if (workspace.vault.has(projectId, name)) values[name] = workspace.vault.reveal(projectId, name);
      else if (process.env[name] !== undefined) values[name] = process.env[name]!;
      else missing.push(name);
    }
    if (missing.length > 0) {
      throw new CatalystError(
        'vault',
        `The app needs ${missing.length === 1 ? 'a secret that has' : 'secrets that have'} no value yet: ${missing.join(', ')}. Set ${missing.length === 1 ? 'it' : 'them'} in the project's settings (Secrets), then run again.`,
      );
    }
    return values;
  }

  const traced = createTraceRuns(new RunHistory(workspace.db), {
    folderOf,
    secretEnv,
    runTimeoutMs: options.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS,
  });

  return {
    async model(projectId) {
      const { project, problems, source } = await opened(projectId);
      const versions = sourceVersions(source);
      return {
        manifest: project.manifest,
        version: versions.manifest,
        workflows: project.workflows.map((w) => ({ ...w, version: versions.workflows.get(w.file) ?? '' })),
        problems,
      };
    },

    async get(projectId, workflowId) {
      const { project, source } = await opened(projectId);
      const found = findIn(project.workflows, workflowId);
      return { ...found, version: sourceVersions(source).workflows.get(found.file) ?? '' };
    },

    async create(projectId, input) {
      return versioned(await store.createWorkflow(folderOf(projectId), input));
    },

    async save(projectId, workflowId, input, expected) {
      const changes = {
        name: input.name,
        description: input.description === undefined || input.description === '' ? null : input.description,
        deploymentTargetId: input.deploymentTargetId,
        visibility: input.visibility,
        endpoint: input.endpoint,
        nodes: input.nodes,
        edges: input.edges,
        inputSchema: input.inputSchema ?? null,
        outputSchema: input.outputSchema ?? null,
        examples: input.examples ?? null,
      };
      return versioned(await store.updateWorkflow(folderOf(projectId), workflowId, changes, expected));
    },

    async rename(projectId, workflowId, name, expected) {
      return versioned(await store.renameWorkflow(folderOf(projectId), workflowId, name, expected));
    },

    async remove(projectId, workflowId, expected) {
      return store.deleteWorkflow(folderOf(projectId), workflowId, expected);
    },

    async validate(projectId, workflowId, candidate) {
      const { project } = await opened(projectId);
      const file = findIn(project.workflows, workflowId).file;
      const source = await readProjectSource(folderOf(projectId));
      const text = `${JSON.stringify(candidate, null, 2)}\n`;
      const workflows = source.workflows.map((f) => (f.path === file ? { path: file, text } : f));
      return loadProject({ manifest: source.manifest, workflows }).problems;
    },

    runs: traced,

    test: createExampleRuns({ folderOf, secretEnv }).test,

    close: async () => {
      await traced.close();
    },
  };
}
