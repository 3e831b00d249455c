import { servedEndpoint } from '../../model/endpoint.js';
import type { ProjectManifest } from '../../model/project.js';
import type { Endpoint, Workflow } from '../../model/workflow.js';
import { type GitCommit, type GitOptions, gitState } from '../git.js';
import { loadState } from './session.js';

export interface WorkflowSummary {
  id: string;
  name: string;
  file: string;
  deploymentTargetId: string;
  visibility: Workflow['visibility'];
  /** Where a public workflow is served (its own endpoint, else `POST /api/<slug>`); absent for internal ones. */
  endpoint?: Endpoint;
  nodeCount: number;
}

export interface ProjectDescription {
  dir: string;
  manifest: ProjectManifest;
  workflows: WorkflowSummary[];
  /** Absent when the folder is not a git repository. */
  git?: {
    /** null on a detached HEAD. */
    branch: string | null;
    clean: boolean;
    changedFiles: string[];
    lastCommit?: GitCommit;
  };
}

export async function describeProject(dir: string, options?: GitOptions): Promise<ProjectDescription> {
  const state = await loadState(dir);
  const description: ProjectDescription = {
    dir: state.dir,
    manifest: state.manifest,
    workflows: state.workflows.map(({ file, workflow }) => {
      const endpoint = servedEndpoint(workflow);
      return {
        id: workflow.id,
        name: workflow.name,
        file,
        deploymentTargetId: workflow.deploymentTargetId,
        visibility: workflow.visibility,
        ...(endpoint ? { endpoint } : {}),
        nodeCount: Object.keys(workflow.nodes).length,
      };
    }),
  };
  const git = await gitState(state.dir, { ...options, status: true, lastCommit: true });
  if (git?.status) {
    description.git = {
      branch: git.branch,
      clean: git.status.clean,
      changedFiles: git.status.files.map((f) => f.path),
      ...(git.lastCommit ? { lastCommit: git.lastCommit } : {}),
    };
  }
  return description;
}
