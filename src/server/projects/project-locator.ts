import { CatalystError } from '../../errors.js';
import type { Workspace } from '../../workspace/workspace.js';

/** A registered project's folder by id; an unknown id is the studio's not-found error. */
export type ProjectLocator = (projectId: string) => string;

/** The one way the studio's services turn a project id into its folder. */
export function createProjectLocator(workspace: Pick<Workspace, 'registry'>): ProjectLocator {
  return (projectId) => {
    const found = workspace.registry.find(projectId);
    if (!found || found.id !== projectId) {
      throw new CatalystError(
        'not_found',
        `No project ${projectId} in this workspace: it may have been removed.`,
      );
    }
    return found.path;
  };
}
