import { CatalystError } from '../../errors.js';
import type { ExpectedVersions } from '../../store/file-version.js';
import * as store from '../../store/project-store.js';
import type { ProjectLocator } from '../projects/project-locator.js';
import type { ProjectDetail } from '../views.js';
import type { SharedFunctionRequest } from './requests.js';

/** The Settings page's shared functions: each write answers with the project page as it is now. */
export interface SharedFunctionServices {
  add(projectId: string, input: SharedFunctionRequest, expected?: ExpectedVersions): Promise<ProjectDetail>;
  update(
    projectId: string,
    functionId: string,
    input: SharedFunctionRequest,
    expected?: ExpectedVersions,
  ): Promise<ProjectDetail>;
  remove(projectId: string, functionId: string, expected?: ExpectedVersions): Promise<ProjectDetail>;
}

/** `changed`: forgets what is remembered of the project and reads its page again. */
export function createSharedFunctionServices(
  folderOf: ProjectLocator,
  changed: (projectId: string) => Promise<ProjectDetail>,
): SharedFunctionServices {
  return {
    async add(projectId, input, expected) {
      await onForm(store.addSharedFunction(folderOf(projectId), input, expected));
      return changed(projectId);
    },
    async update(projectId, functionId, input, expected) {
      // The form sends the whole function: an emptied description is removed.
      await onForm(
        store.updateSharedFunction(
          folderOf(projectId),
          functionId,
          { name: input.name, code: input.code, description: input.description ?? null },
          expected,
        ),
      );
      return changed(projectId);
    },
    async remove(projectId, functionId, expected) {
      await store.deleteSharedFunction(folderOf(projectId), functionId, expected);
      return changed(projectId);
    },
  };
}

/**
 * The store names a problem's place in catalyst.json (`$.sharedFunctions.fmt.name`); the form
 * has one `name`, `code` and `description` field, so the path is cut to the field's own name
 * (a taken id is about the name the id came from).
 */
async function onForm<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (!(error instanceof CatalystError) || error.path === undefined) throw error;
    const field = /\.(name|code|description|id)$/.exec(error.path)?.[1];
    if (field === undefined) throw error;
    throw new CatalystError(error.code, error.message, {
      file: 'catalyst.json',
      path: `$.${field === 'id' ? 'name' : field}`,
    });
  }
}
