import { homedir } from 'node:os';
import path from 'node:path';
import { CatalystError } from '../../errors.js';
import { slugify } from '../../model/slug.js';
import { sourceVersions } from '../../store/file-version.js';
import { assertCreatableFolder } from '../../store/folder-safety.js';
import { gitState } from '../../store/git.js';
import { openProject } from '../../store/project-folder.js';
import * as store from '../../store/project-store.js';
import { PROJECTS_DIR } from '../../workspace/home.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { DeployServices } from '../deploy/deploy-services.js';
import { withDeployments } from '../deploy/runtime-merge.js';
import type { HealthServices } from '../health/health-services.js';
import type { StudioServices } from '../services.js';
import type { ProjectCards } from './project-cards.js';
import { summarize } from './project-cards.js';
import type { ProjectLocator } from './project-locator.js';
import { detailOf, NO_GIT } from './project-views.js';

export type ProjectEdits = Pick<
  StudioServices,
  | 'getProject'
  | 'createProject'
  | 'updateProject'
  | 'problems'
  | 'removeProject'
  | 'addTarget'
  | 'updateTarget'
  | 'removeTarget'
  | 'updateWorkflowSettings'
  | 'setSecret'
  | 'deleteSecret'
  | 'setEnvVar'
  | 'deleteEnvVar'
>;

/** `~/x` → home; relative → against the folder the studio was started in. */
function resolveFolder(folder: string): string {
  const expanded = folder === '~' || folder.startsWith('~/') ? path.join(homedir(), folder.slice(1)) : folder;
  return path.resolve(expanded);
}

/** A project's page (files, deploy state, health) and the studio's writes to its files, through the store. */
export function createProjectEdits(
  workspace: Workspace,
  folderOf: ProjectLocator,
  cards: Pick<ProjectCards, 'forget'>,
  deploys: DeployServices,
  health: HealthServices,
): ProjectEdits {
  async function detail(projectId: string) {
    const folder = folderOf(projectId);
    const opened = await openProject(folder);
    if (!opened.project) {
      const first = opened.problems[0];
      throw new CatalystError(
        'invalid_project',
        `Cannot open ${folder}: ${first ? `${first.file} ${first.path}: ${first.message}` : 'its files cannot be read'}. Fix the file (\`catalyst validate\` lists every problem).`,
      );
    }
    return withDeployments(
      detailOf(opened.project, folder, (await gitState(folder)) ?? NO_GIT, sourceVersions(opened.source)),
      deploys,
      health,
    );
  }

  /** After the studio's own writes: the card is re-read now rather than when the watcher notices. */
  function changed(projectId: string) {
    cards.forget(projectId);
    return detail(projectId);
  }

  return {
    getProject: detail,

    async createProject(input) {
      const folder = input.folder
        ? resolveFolder(input.folder)
        : path.join(workspace.home, PROJECTS_DIR, slugify(input.name));
      // An unusable folder (/proc, a file, read-only) is about the folder field: said there.
      await assertCreatableFolder(folder).catch((error: unknown) => {
        if (!(error instanceof CatalystError)) throw error;
        throw new CatalystError(error.code, error.message, { path: '$.folder' });
      });
      // Without a folder the name picks it, so a taken name is about the name field: said there.
      if (!input.folder) {
        const wanted = input.name.trim().toLowerCase();
        const same = workspace.registry
          .list()
          .find((p) => p.name.trim().toLowerCase() === wanted || path.resolve(p.path) === folder);
        if (same) {
          throw new CatalystError(
            'conflict',
            `A project named ${same.name} already exists (${same.path}): choose another name, or give it a folder of its own.`,
            { path: '$.name' },
          );
        }
      }
      try {
        const created = await store.createProject(
          folder,
          { name: input.name, description: input.description },
          { workspace },
        );
        return summarize({
          id: created.manifest.id,
          name: created.manifest.name,
          path: created.dir,
          registeredAt: '',
        });
      } catch (error) {
        // A taken folder is about the folder field (or, when the name chose it, the name): say so there.
        if (error instanceof CatalystError && error.code === 'conflict' && !input.folder) {
          throw new CatalystError(
            'conflict',
            `A project named ${input.name.trim()} already exists (${folder}): choose another name, or give it a folder of its own.`,
            { path: '$.name' },
          );
        }
        if (error instanceof CatalystError && error.code === 'conflict') {
          throw new CatalystError('conflict', `${error.message} Choose another folder.`, {
            path: '$.folder',
          });
        }
        throw error;
      }
    },

    async removeProject(projectId, { deleteFolder }) {
      folderOf(projectId); // an unknown id is not found, before anything changes
      const removed = await store.deleteProject(projectId, workspace, { deleteFolder });
      cards.forget(projectId);
      return { id: projectId, path: removed.path, deletedFolder: removed.deletedFolder };
    },

    async updateProject(projectId, patch, expected) {
      const folder = folderOf(projectId);
      await store.updateProject(
        folder,
        {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.repoUrl !== undefined
            ? { git: { repoUrl: patch.repoUrl === '' ? null : patch.repoUrl } }
            : {}),
        },
        { workspace, expected },
      );
      return changed(projectId);
    },

    async problems(projectId) {
      return (await openProject(folderOf(projectId))).problems;
    },

    async addTarget(projectId, target, expected) {
      try {
        await store.addTarget(folderOf(projectId), target, expected);
      } catch (error) {
        // A taken id is about the id field of the form.
        if (error instanceof CatalystError && error.code === 'conflict') {
          throw new CatalystError('conflict', error.message, { file: 'catalyst.json', path: '$.id' });
        }
        throw error;
      }
      return changed(projectId);
    },

    async updateTarget(projectId, targetId, target, expected) {
      const folder = folderOf(projectId);
      const current = (await store.loadState(folder)).manifest.deploymentTargets[targetId];
      // The form sends the whole target; keys it dropped are removed (the store merges otherwise).
      const platformConfig: Record<string, unknown> = { ...target.platformConfig };
      for (const key of Object.keys(current?.platformConfig ?? {})) {
        if (!(key in platformConfig)) platformConfig[key] = null;
      }
      // CORS likewise: the form's whole setting, keys it dropped removed, none → no CORS.
      let cors: Record<string, unknown> | null = null;
      if (target.cors) {
        cors = { ...target.cors };
        for (const key of Object.keys(current?.cors ?? {})) if (!(key in cors)) cors[key] = null;
      }
      await store.updateTarget(
        folder,
        targetId,
        { name: target.name, platform: target.platform, url: target.url ?? null, platformConfig, cors },
        expected,
      );
      return changed(projectId);
    },

    async removeTarget(projectId, targetId, expected) {
      await store.removeTarget(folderOf(projectId), targetId, expected);
      return changed(projectId);
    },

    async updateWorkflowSettings(projectId, workflowId, settings, expected) {
      await store.updateWorkflow(folderOf(projectId), workflowId, settings, expected);
      return changed(projectId);
    },

    async setSecret(projectId, name, value, description, expected) {
      await store.setSecret(
        folderOf(projectId),
        workspace,
        { name, value, ...(description !== undefined ? { description } : {}) },
        expected,
      );
    },

    async deleteSecret(projectId, name, expected) {
      await store.deleteSecret(folderOf(projectId), workspace, name, expected);
    },

    async setEnvVar(projectId, name, value, expected) {
      await store.setEnvVar(folderOf(projectId), name, value, expected);
    },

    async deleteEnvVar(projectId, name, expected) {
      await store.deleteEnvVar(folderOf(projectId), name, expected);
    },
  };
}
