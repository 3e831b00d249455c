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
import { runTimeoutMs } from './run/run-timeout.js';
import type { StudioServices } from './services.js';
import { createSharedFunctionServices } from './shared-functions/services.js';
import { createWorkflowServices } from './workflows/workflow-services.js';

/**
 * The studio's services on the real store, workspace and build pipeline, composed from one
 * service per concern: the project locator (id → folder), the dashboard's cards and search,
 * a project's page and edits, generation, workflows, deploys and health.
 */
/** `env`: the studio's own environment (drafting's LLM key, the Run's CATALYST_RUN_TIMEOUT). */
export function createStoreServices(
  workspace: Workspace,
  health: HealthServiceOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): StudioServices {
  const folderOf = createProjectLocator(workspace);
  const deploys = createDeployServices(workspace, folderOf);
  const healthServices = createHealthServices(workspace, folderOf, health);
  const cards = createProjectCards(workspace, deploys, healthServices);
  const edits = createProjectEdits(workspace, folderOf, cards, deploys, healthServices);

  return {
    listProjects: () => cards.list(),
    projectPage: (query) => cards.page(query),
    forgetProject: (projectId) => cards.forget(projectId),
    warmProjects: () => cards.warm(),
    ...edits,
    ...createGenerationService(workspace, folderOf),
    workflows: createWorkflowServices(workspace, { runTimeoutMs: runTimeoutMs(env) }),
    deploys,
    health: healthServices,
    drafts: createDraftServices(workspace, folderOf, env),
    sharedFunctions: createSharedFunctionServices(folderOf, (projectId) => {
      cards.forget(projectId);
      return edits.getProject(projectId);
    }),

    async watchList() {
      return {
        projects: workspace.registry.list().map((p) => ({ id: p.id, folder: p.path })),
        registryPaths: [path.join(workspace.home, DATABASE_FILE)],
      };
    },
  };
}
