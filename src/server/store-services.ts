import path from 'node:path';
import { DATABASE_FILE } from '../workspace/home.js';
import type { Workspace } from '../workspace/workspace.js';
import { createDeployServices } from './deploy/deploy-services.js';
import { createDraftServices } from './draft/draft-services.js';
import { createGenerationService } from './generate/generation-service.js';
import { createHealthServices, type HealthServiceOptions } from './health/health-services.js';
import { createProjectCards } from './projects/project-cards.js';
import { createProjectEdits } from './projects/project-edits.js';
import { createProjectLocator } from './projects/project-locator.js';
import type { StudioServices } from './services.js';
import { createWorkflowServices } from './workflows/workflow-services.js';

/**
 * The studio's services on the real store, workspace and build pipeline, composed from one
 * service per concern: the project locator (id → folder), the dashboard's cards and search,
 * a project's page and edits, generation, workflows, deploys and health.
 */
/** `env`: where drafting reads the LLM variables and key (the studio's own environment). */
export function createStoreServices(
  workspace: Workspace,
  health: HealthServiceOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): StudioServices {
  const folderOf = createProjectLocator(workspace);
  const deploys = createDeployServices(workspace, folderOf);
  const healthServices = createHealthServices(workspace, folderOf, health);
  const cards = createProjectCards(workspace, deploys, healthServices);

  return {
    listProjects: () => cards.list(),
    projectPage: (query) => cards.page(query),
    forgetProject: (projectId) => cards.forget(projectId),
    warmProjects: () => cards.warm(),
    ...createProjectEdits(workspace, folderOf, cards, deploys, healthServices),
    ...createGenerationService(workspace, folderOf),
    workflows: createWorkflowServices(workspace),
    deploys,
    health: healthServices,
    drafts: createDraftServices(workspace, folderOf, env),

    async watchList() {
      return {
        projects: workspace.registry.list().map((p) => ({ id: p.id, folder: p.path })),
        registryPaths: [path.join(workspace.home, DATABASE_FILE)],
      };
    },
  };
}
