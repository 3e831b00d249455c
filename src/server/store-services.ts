import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { generateApp } from '../build/generate.js';
import type { Stage } from '../build/pipeline-events.js';
import { projectsWithRuntime } from '../deploy/runtime-state.js';
import { CatalystError } from '../errors.js';
import { type ProjectManifest, projectManifestSchema } from '../model/project.js';
import { searchProjects } from '../model/project-search.js';
import { slugify } from '../model/slug.js';
import { sourceVersions } from '../store/file-version.js';
import { assertCreatableFolder } from '../store/folder-safety.js';
import { openProject } from '../store/project-folder.js';
import * as store from '../store/project-store.js';
import { DATABASE_FILE, PROJECTS_DIR } from '../workspace/home.js';
import type { RegisteredProject } from '../workspace/registry.js';
import type { Workspace } from '../workspace/workspace.js';
import { createDeployServices, type DeployServices } from './deploy-services.js';
import { generatedDir, listGenerated, readGenerated, zipGenerated } from './generated-output.js';
import { readGitHead } from './git-head.js';
import { createHealthServices, type HealthServiceOptions } from './health-services.js';
import { detailOf, summaryOf, UNKNOWN_HEALTH } from './project-views.js';
import { withDeployments, withRuntime } from './runtime-merge.js';
import type { ProjectPage, ProjectPageQuery, StudioServices } from './services.js';
import { SummaryCache } from './summary-cache.js';
import type { GenerationSummary, ProjectSummary } from './views.js';
import { createWorkflowServices } from './workflow-services.js';

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

/** `~/x` → home; relative → against the folder the studio was started in. */
function resolveFolder(folder: string): string {
  const expanded = folder === '~' || folder.startsWith('~/') ? path.join(homedir(), folder.slice(1)) : folder;
  return path.resolve(expanded);
}

/**
 * A dashboard card needs little: the manifest, each workflow's target and the git head —
 * read leniently, so one broken project shows its error on its card instead of breaking
 * the list.
 */
async function summarize(entry: RegisteredProject): Promise<ProjectSummary> {
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
    return summaryOf(manifest, entry.path, targetIds, await readGitHead(entry.path));
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

function toSummary(result: Awaited<ReturnType<typeof generateApp>>): GenerationSummary {
  const s = result.summary;
  return {
    targetId: s.target.id,
    files: s.files,
    // Kinds with no lines (no docs in a bare app) are left out rather than shown as 0.
    linesByKind: Object.fromEntries(Object.entries(s.lines).filter(([, n]) => n > 0)),
    stages: Object.entries(s.stages).map(([stage, ms]) => ({ stage, ms: ms ?? 0 })),
    totalMs: s.totalMs,
  };
}

/** The studio's services on the real store, workspace and build pipeline. */
export function createStoreServices(workspace: Workspace, health: HealthServiceOptions = {}): StudioServices {
  const summaries = new Map<string, GenerationSummary>();
  const generating = new Map<string, Promise<unknown>>();
  const cards = new SummaryCache(summarize);

  /** The registered projects in the registry's order, and a way to their (cached) card facts. */
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
    return list.map((summary) => withRuntime(summary, only, healthServices));
  }

  /** After the studio's own writes: the card is re-read now rather than when the watcher notices. */
  function changed(projectId: string) {
    cards.forget(projectId);
    return detail(projectId);
  }

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
      detailOf(opened.project, folder, await readGitHead(folder), sourceVersions(opened.source)),
      deploys,
      healthServices,
    );
  }

  const deploys = createDeployServices(workspace, folderOf);
  const healthServices = createHealthServices(workspace, folderOf, health);

  return {
    async listProjects() {
      return live(await allSummaries(registered()));
    },

    async projectPage({ offset, limit, q }: ProjectPageQuery): Promise<ProjectPage> {
      const entries = registered();
      if (q.trim() === '') {
        // The first screen needs 12 cards, not 1,000: only those are read (or taken from memory).
        const page = await allSummaries(entries.slice(offset, offset + limit));
        return { projects: live(page), total: entries.length };
      }
      const matches = searchProjects(await allSummaries(entries), q);
      return { projects: live(matches.slice(offset, offset + limit)), total: matches.length };
    },

    forgetProject(projectId) {
      cards.forget(projectId);
    },

    warmProjects() {
      // Reads every project not yet in memory, in the background: the first full list is then
      // as fast as the later ones. Failures are per card (summarize), never thrown.
      void allSummaries(registered()).catch(() => {});
    },

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
        // A taken folder is about the folder field: say so there.
        if (error instanceof CatalystError && error.code === 'conflict') {
          throw new CatalystError('conflict', `${error.message} Choose another folder.`, {
            path: '$.folder',
          });
        }
        throw error;
      }
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
      await store.updateTarget(
        folder,
        targetId,
        { name: target.name, platform: target.platform, url: target.url ?? null, platformConfig },
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

    async generate(projectId, targetId, onProgress) {
      const folder = folderOf(projectId);
      const outDir = generatedDir(folder, targetId);
      // Two clicks (or two tabs) must not write one folder at once: runs for a target queue up.
      const previous = generating.get(outDir) ?? Promise.resolve();
      const run = previous
        .catch(() => undefined)
        .then(() =>
          generateApp({
            projectDir: folder,
            targetId,
            outDir,
            onEvent: (event) => {
              if (event.status === 'start' || event.status === 'done') {
                onProgress({ stage: event.stage satisfies Stage, status: event.status });
              }
            },
          }),
        );
      generating.set(outDir, run);
      try {
        const summary = toSummary(await run);
        summaries.set(`${projectId}/${targetId}`, summary);
        return summary;
      } finally {
        if (generating.get(outDir) === run) generating.delete(outDir);
      }
    },

    async generatedFiles(projectId, targetId) {
      const files = await listGenerated(generatedDir(folderOf(projectId), targetId));
      return { files, summary: summaries.get(`${projectId}/${targetId}`) ?? null };
    },

    async generatedFile(projectId, targetId, rel) {
      const content = await readGenerated(generatedDir(folderOf(projectId), targetId), rel);
      return { path: rel, content };
    },

    async generatedZip(projectId, targetId) {
      const folder = folderOf(projectId);
      const name = slugify(workspace.registry.find(projectId)?.name ?? projectId);
      return zipGenerated(generatedDir(folder, targetId), `${name}-${targetId}`);
    },

    workflows: createWorkflowServices(workspace),
    deploys,
    health: healthServices,

    async watchList() {
      return {
        projects: workspace.registry.list().map((p) => ({ id: p.id, folder: p.path })),
        registryPaths: [path.join(workspace.home, DATABASE_FILE)],
      };
    },
  };
}
