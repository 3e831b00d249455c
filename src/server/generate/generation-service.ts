import { generateApp } from '../../build/generate.js';
import type { Stage } from '../../build/pipeline-events.js';
import { slugify } from '../../model/slug.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { ProjectLocator } from '../projects/project-locator.js';
import type { StudioServices } from '../services.js';
import type { GenerationSummary } from '../views.js';
import { generatedDir, listGenerated, readGenerated, zipGenerated } from './generated-output.js';

export type GenerationService = Pick<
  StudioServices,
  'generate' | 'generatedFiles' | 'generatedFile' | 'generatedZip'
>;

function toSummary(result: Awaited<ReturnType<typeof generateApp>>): GenerationSummary {
  const s = result.summary;
  return {
    targetId: s.target.id,
    files: s.files,
    // Kinds with no lines (no docs in a bare app) are left out rather than shown as 0.
    linesByKind: Object.fromEntries(Object.entries(s.lines).filter(([, n]) => n > 0)),
    stages: Object.entries(s.stages).map(([stage, ms]) => ({ stage, ms: ms ?? 0 })),
    totalMs: s.totalMs,
    warnings: s.warnings,
  };
}

/** Generating a target's app from the studio, and reading (or zipping) what was generated. */
export function createGenerationService(
  workspace: Pick<Workspace, 'registry'>,
  folderOf: ProjectLocator,
): GenerationService {
  const summaries = new Map<string, GenerationSummary>();
  const generating = new Map<string, Promise<unknown>>();

  return {
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
  };
}
