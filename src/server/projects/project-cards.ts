import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectsWithRuntime } from '../../deploy/runtime-state.js';
import { type ProjectManifest, projectManifestSchema } from '../../model/project.js';
import { searchProjects } from '../../model/project-search.js';
import { gitState } from '../../store/git.js';
import type { RegisteredProject } from '../../workspace/registry.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { DeployServices } from '../deploy/deploy-services.js';
import { withRuntime } from '../deploy/runtime-merge.js';
import type { HealthServices } from '../health/health-services.js';
import type { ProjectPage, ProjectPageQuery } from '../services.js';
import type { ProjectSummary } from '../views.js';
import { NO_GIT, summaryOf, UNKNOWN_HEALTH } from './project-views.js';
import { SummaryCache } from './summary-cache.js';

/** Projects read at once while listing; bounded so 1,000 projects do not open 4,000 files together. */
const LIST_CONCURRENCY = 32;

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * A dashboard card needs little: the manifest, each workflow's target and the git head —
 * read leniently, so one broken project shows its error on its card instead of breaking
 * the list.
 */
export async function summarize(entry: RegisteredProject): Promise<ProjectSummary> {
  try {
    const manifestText = await readFile(path.join(entry.path, 'catalyst.json'), 'utf8');
    const manifest: ProjectManifest = projectManifestSchema.parse(JSON.parse(manifestText));
    const dir = path.join(entry.path, 'workflows');
    const names = (await readdir(dir).catch(() => [] as string[])).filter(
      (n) => n.endsWith('.json') && !n.startsWith('.'),
    );
    const targetIds = await Promise.all(
      names.map(async (n) => {
        try {
          const wf = JSON.parse(await readFile(path.join(dir, n), 'utf8')) as {
            deploymentTargetId?: unknown;
          };
          return typeof wf.deploymentTargetId === 'string' ? wf.deploymentTargetId : '';
        } catch {
          return '';
        }
      }),
    );
    return summaryOf(manifest, entry.path, targetIds, (await gitState(entry.path)) ?? NO_GIT);
  } catch (error) {
    const reason =
      error instanceof SyntaxError ? 'catalyst.json is not valid JSON' : (error as Error).message;
    return {
      id: entry.id,
      name: entry.name,
      description: '',
      folder: entry.path,
      workflowCount: 0,
      platform: null,
      liveUrl: null,
      git: { branch: null, commit: null, repoUrl: null },
      health: UNKNOWN_HEALTH,
      lastDeployedAt: null,
      mainTargetId: null,
      deployedVersion: null,
      deployedCommit: null,
      targetStatus: null,
      loadError: `Cannot read this project: ${reason.split('\n')[0]}`,
    };
  }
}

export interface ProjectCards {
  list(): Promise<ProjectSummary[]>;
  page(query: ProjectPageQuery): Promise<ProjectPage>;
  /** The project's files changed: its card is read again next time. */
  forget(projectId: string): void;
  /** Reads every card not yet in memory, in the background. */
  warm(): void;
}

/**
 * The dashboard's cards and their search: card facts from the files (kept in memory by
 * `SummaryCache`), deploy state and health merged in on every request.
 */
export function createProjectCards(
  workspace: Workspace,
  deploys: DeployServices,
  health: HealthServices,
): ProjectCards {
  const cards = new SummaryCache(summarize);

  /** The registered projects in the registry's order; cards of removed ones are dropped. */
  function registered() {
    const entries = workspace.registry.list();
    cards.keepOnly(new Set(entries.map((e) => e.id)));
    return entries;
  }

  function allSummaries(entries: RegisteredProject[]): Promise<ProjectSummary[]> {
    return mapLimit(entries, LIST_CONCURRENCY, (entry) => cards.get(entry));
  }

  /**
   * Deploy state and health come from the database and the monitor on every request: they
   * change without file events. Only projects that have deploy state are asked for it (one
   * query finds them), so listing 1,000 mostly undeployed projects stays in milliseconds.
   */
  function live(list: ProjectSummary[]): ProjectSummary[] {
    const deployed = projectsWithRuntime(workspace);
    const only: DeployServices = {
      ...deploys,
      runtime: (projectId) => (deployed.has(projectId) ? deploys.runtime(projectId) : {}),
    };
    return list.map((summary) => withRuntime(summary, only, health));
  }

  return {
    async list() {
      return live(await allSummaries(registered()));
    },

    async page({ offset, limit, q }) {
      const entries = registered();
      if (q.trim() === '') {
        // The first screen needs 12 cards, not 1,000: only those are read (or taken from memory).
        const page = await allSummaries(entries.slice(offset, offset + limit));
        return { projects: live(page), total: entries.length };
      }
      const matches = searchProjects(await allSummaries(entries), q);
      return { projects: live(matches.slice(offset, offset + limit)), total: matches.length };
    },

    forget(projectId) {
      cards.forget(projectId);
    },

    warm() {
      // Reads every project not yet in memory, in the background: the first full list is then
      // as fast as the later ones. Failures are per card (summarize), never thrown.
      void allSummaries(registered()).catch(() => {});
    },
  };
}
