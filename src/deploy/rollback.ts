import { resolve } from 'node:path';
import { CatalystError } from '../errors.js';
import { readProjectSource } from '../store/project-folder.js';
import { type DeployDeps, deployRecords } from './deploy-workspace.js';
import type { DeploymentRecord } from './records/deployments.js';
import { shipCommit } from './ship-commit.js';

export interface RollbackRequest {
  projectDir: string;
  /** The deployment to return to. */
  toId: string;
}

/** The project id from catalyst.json of the work tree, without requiring the tree to be valid. */
async function projectId(dir: string): Promise<string> {
  const source = await readProjectSource(dir);
  try {
    const id = (JSON.parse(source.manifest.text) as { id?: unknown }).id;
    if (typeof id === 'string') return id;
  } catch {
    // reported below
  }
  throw new CatalystError('invalid_project', `catalyst.json in ${dir} has no readable project id.`, {
    file: 'catalyst.json',
    path: '$.id',
  });
}

/**
 * `catalyst rollback --to ID`: regenerates the app of an earlier successful deployment
 * from its commit in git (the work tree, dirty or not, is left alone) and deploys it to
 * the same target, recording `rollbackOf`.
 */
export async function rollbackTo(req: RollbackRequest, deps: DeployDeps): Promise<DeploymentRecord> {
  const projectDir = resolve(req.projectDir);
  const id = await projectId(projectDir);
  const { deployments } = deployRecords(deps.workspace);
  const earlier = deployments.get(req.toId);
  if (earlier === undefined || earlier.projectId !== id) {
    throw new CatalystError(
      'not_found',
      `No deployment ${req.toId} in this project: list them with \`catalyst deployments\`.`,
    );
  }
  if (earlier.status !== 'success' && earlier.status !== 'rolled-back') {
    throw new CatalystError(
      'invalid_input',
      `Deployment ${earlier.id} ${earlier.status === 'failed' ? 'failed' : 'is still running'}; roll back to a successful one (see \`catalyst deployments --target ${earlier.targetId}\`).`,
    );
  }
  return shipCommit(
    { projectDir, targetId: earlier.targetId, commit: earlier.commit, rollbackOf: earlier.id },
    deps,
  );
}
