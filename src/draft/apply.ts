import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CatalystError } from '../errors.js';
import { workflowSchema } from '../model/workflow.js';
import { saveManifest, saveWorkflow, withProject } from '../store/operations/session.js';
import type { DraftEvent } from './events.js';
import type { DraftHistory } from './history.js';
import type { Draft } from './pipeline.js';

export interface ApplyOptions {
  history?: DraftHistory;
  onEvent?: (event: DraftEvent) => void;
}

/**
 * Writes an accepted draft through the store: under the project's edit lock, atomically
 * (with catalyst.json's updatedAt), never committed. Refused when the draft did not validate,
 * or when the project changed meanwhile in a way the draft did not see (the changed workflow's
 * file was edited, or the new workflow's id, name or file got taken).
 */
export async function applyDraft(
  projectDir: string,
  draft: Draft,
  options: ApplyOptions = {},
): Promise<Draft> {
  const emit = options.onEvent ?? (() => {});
  if (!draft.ok || !draft.draft) {
    throw new CatalystError(
      'invalid_input',
      `The draft of ${draft.file} does not validate; nothing was written.`,
    );
  }
  const workflow = workflowSchema.parse(draft.draft);
  emit({ stage: 'write', status: 'started' });
  const t0 = performance.now();
  try {
    await withProject(resolve(projectDir), async (state) => {
      const index = state.workflows.findIndex((w) => w.file === draft.file);
      if (draft.action === 'update') {
        const current = state.workflows[index];
        const onDisk = await readFile(join(state.dir, draft.file), 'utf8').catch(() => undefined);
        if (!current || current.workflow.id !== workflow.id || onDisk !== draft.before) {
          throw new CatalystError(
            'conflict',
            `${draft.file} changed since the draft was made; nothing was written. Draft again to build on the new version.`,
            { file: draft.file },
          );
        }
        state.workflows[index] = await saveWorkflow(state, { file: draft.file, workflow });
      } else {
        const wanted = workflow.name.trim().toLowerCase();
        const clash = state.workflows.find(
          (w) =>
            w.file === draft.file ||
            w.workflow.id === workflow.id ||
            w.workflow.name.trim().toLowerCase() === wanted,
        );
        if (clash) {
          throw new CatalystError(
            'conflict',
            `${clash.file} appeared since the draft was made and uses its file, id or name; nothing was written. Draft again.`,
            { file: clash.file },
          );
        }
        state.workflows.push(await saveWorkflow(state, { file: draft.file, workflow }));
      }
      await saveManifest(state);
    });
  } catch (error) {
    emit({
      stage: 'write',
      status: 'failed',
      fatal: true,
      ms: Math.round(performance.now() - t0),
      detail: (error as Error).message,
    });
    throw error;
  }
  const ms = Math.round(performance.now() - t0);
  emit({ stage: 'write', status: 'completed', ms, detail: `${draft.file} written (not committed)` });
  if (draft.historyId !== undefined) options.history?.finish(draft.historyId, 'written', draft.file);
  return { ...draft, written: true, stages: { ...draft.stages, write: ms } };
}
