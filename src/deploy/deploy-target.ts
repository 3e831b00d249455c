import { resolve } from 'node:path';
import { CatalystError } from '../errors.js';
import { loadProject } from '../model/load.js';
import { readProjectSource } from '../store/project-folder.js';
import type { DeployDeps } from './deploy-workspace.js';
import { indentedProblems } from './format-problems.js';
import { prepareCommit } from './prepare-commit.js';
import type { DeploymentRecord } from './records/deployments.js';
import { shipCommit } from './ship-commit.js';

export interface DeployRequest {
  projectDir: string;
  targetId: string;
  /** Refuse a dirty tree instead of committing it. */
  noCommit?: boolean;
}

/**
 * `catalyst deploy`: validate the work tree (invalid → refused, nothing committed),
 * make sure it is committed, then generate at that commit from git and ship it.
 */
export async function deployTarget(req: DeployRequest, deps: DeployDeps): Promise<DeploymentRecord> {
  const projectDir = resolve(req.projectDir);
  const { project, problems } = loadProject(await readProjectSource(projectDir));
  if (project === undefined || problems.length > 0) {
    throw new CatalystError(
      'invalid_project',
      `The project is invalid; nothing was deployed. Fix ${problems.length === 1 ? 'this problem' : `these ${problems.length} problems`} and deploy again:\n${indentedProblems(problems)}`,
    );
  }
  if (project.manifest.deploymentTargets[req.targetId] === undefined) {
    const known = Object.keys(project.manifest.deploymentTargets).join(', ') || 'none';
    throw new CatalystError(
      'not_found',
      `No deployment target "${req.targetId}" in project ${project.manifest.name} (targets: ${known}).`,
      { file: 'catalyst.json', path: '$.deploymentTargets' },
    );
  }
  const notes: string[] = [];
  const commit = await prepareCommit(projectDir, req.targetId, {
    noCommit: req.noCommit ?? false,
    log: (line) => {
      notes.push(line);
      deps.onLog?.(line);
    },
    ...(deps.env === undefined ? {} : { git: { env: deps.env } }),
  });
  return shipCommit({ projectDir, targetId: req.targetId, commit, notes }, deps);
}
