import { randomUUID } from 'node:crypto';
import { applyDraft } from '../../draft/apply.js';
import { llmSettings, resolveApiKey } from '../../draft/config.js';
import type { DraftEvent } from '../../draft/events.js';
import { DraftHistory } from '../../draft/history.js';
import { type Draft, draftWorkflow } from '../../draft/pipeline.js';
import { CatalystError } from '../../errors.js';
import type { Workflow } from '../../model/workflow.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { ProjectLocator } from '../projects/project-locator.js';

/** Where a draft the studio started stands. */
export type DraftPhase = 'drafting' | 'ready' | 'failed' | 'accepted' | 'discarded';

/** `GET …/drafts/:draftId`: the draft as the page shows it (no key, no secret value in it). */
export interface DraftView {
  draftId: string;
  projectId: string;
  prompt: string;
  phase: DraftPhase;
  /** The stage events so far (a page that opened late catches up from here). */
  events: DraftEvent[];
  /** The pipeline's error (one line) when `phase` is `failed`. */
  error: string | null;
  /** The result once drafting ended: the workflow, notes, rounds, tokens, problems left, diff. */
  result: DraftResultView | null;
}

export interface DraftResultView {
  ok: boolean;
  action: 'create' | 'update';
  file: string;
  workflow: Workflow | null;
  text: string | null;
  diff: string | null;
  notes: string;
  rounds: number;
  tokens: { input: number; output: number };
  problems: Array<{ file: string; path: string; message: string }>;
  provider: string;
  model: string;
  stages: Partial<Record<string, number>>;
}

/** Pushed over `/api/events` as a draft goes: one per stage event, then one when it ends. */
export type DraftStudioEvent =
  | { type: 'draft'; draftId: string; projectId: string; event: DraftEvent }
  | { type: 'draft'; draftId: string; projectId: string; end: 'ready' | 'failed'; error: string | null };

export interface DraftStartRequest {
  prompt: string;
  workflowId?: string | undefined;
  targetId?: string | undefined;
}

export interface DraftServices {
  /** Checks the key first (a missing one is the CLI's one-line 400), then drafts in the background. */
  start(
    projectId: string,
    request: DraftStartRequest,
    publish: (e: DraftStudioEvent) => void,
  ): { draftId: string };
  get(projectId: string, draftId: string): DraftView;
  /** Writes the draft through `applyDraft` (atomic, never committed); 409 when the file changed. */
  accept(
    projectId: string,
    draftId: string,
    publish: (e: DraftStudioEvent) => void,
  ): Promise<{ file: string; workflow: Workflow }>;
  discard(projectId: string, draftId: string): void;
}

interface Entry {
  view: DraftView;
  draft?: Draft;
  folder: string;
}

/** Drafts the studio keeps in memory (the newest ones; a draft is a proposal, not a file). */
const KEEP = 50;

/**
 * The studio's "Describe" box on `src/draft`. Security: the LLM variables and key come from the
 * studio process's own environment (or the workspace vault), never from the page, and never go
 * to child processes (their environment is scrubbed elsewhere); nothing here echoes them.
 */
export function createDraftServices(
  workspace: Workspace,
  folderOf: ProjectLocator,
  env: NodeJS.ProcessEnv,
): DraftServices {
  const drafts = new Map<string, Entry>();
  const history = new DraftHistory(workspace.db);

  const find = (projectId: string, draftId: string): Entry => {
    const entry = drafts.get(draftId);
    if (!entry || entry.view.projectId !== projectId) {
      throw new CatalystError(
        'not_found',
        `No draft ${draftId} in this project: it was discarded or the studio restarted. Describe it again.`,
      );
    }
    return entry;
  };

  return {
    start(projectId, request, publish) {
      const folder = folderOf(projectId);
      // Before anything runs: no key is the same one line the CLI prints, naming the variable.
      resolveApiKey(llmSettings(env), {
        env,
        vaultValue: (name) =>
          workspace.vault.has(projectId, name) ? workspace.vault.reveal(projectId, name) : undefined,
      });
      const draftId = randomUUID();
      const view: DraftView = {
        draftId,
        projectId,
        prompt: request.prompt,
        phase: 'drafting',
        events: [],
        error: null,
        result: null,
      };
      const entry: Entry = { view, folder };
      drafts.set(draftId, entry);
      while (drafts.size > KEEP) drafts.delete(drafts.keys().next().value as string);
      void draftWorkflow({
        projectDir: folder,
        prompt: request.prompt,
        ...(request.workflowId ? { workflow: request.workflowId } : {}),
        ...(request.targetId ? { targetId: request.targetId } : {}),
        env,
        vault: workspace.vault,
        history,
        onEvent: (event) => {
          view.events.push(event);
          publish({ type: 'draft', draftId, projectId, event });
        },
      }).then(
        (draft) => {
          entry.draft = draft;
          view.result = resultView(draft);
          view.phase = 'ready';
          publish({ type: 'draft', draftId, projectId, end: 'ready', error: null });
        },
        (error: unknown) => {
          view.phase = 'failed';
          view.error = ((error as Error)?.message ?? String(error)).split('\n')[0] ?? 'failed';
          publish({ type: 'draft', draftId, projectId, end: 'failed', error: view.error });
        },
      );
      return { draftId };
    },

    get(projectId, draftId) {
      return find(projectId, draftId).view;
    },

    async accept(projectId, draftId, publish) {
      const entry = find(projectId, draftId);
      if (entry.view.phase !== 'ready' || !entry.draft) {
        throw new CatalystError(
          'conflict',
          entry.view.phase === 'accepted'
            ? 'This draft was already accepted.'
            : `The draft is ${entry.view.phase}, not ready to accept.`,
        );
      }
      const written = await applyDraft(entry.folder, entry.draft, {
        history,
        onEvent: (event) => {
          entry.view.events.push(event);
          publish({ type: 'draft', draftId, projectId, event });
        },
      });
      entry.view.phase = 'accepted';
      return { file: written.file, workflow: written.draft! };
    },

    discard(projectId, draftId) {
      find(projectId, draftId);
      drafts.delete(draftId);
    },
  };
}

function resultView(draft: Draft): DraftResultView {
  return {
    ok: draft.ok,
    action: draft.action,
    file: draft.file,
    workflow: draft.draft ?? null,
    text: draft.text ?? null,
    diff: draft.diff ?? null,
    notes: draft.notes,
    rounds: draft.rounds,
    tokens: draft.tokens,
    problems: draft.problems.map((p) => ({ file: p.file, path: p.path, message: p.message })),
    provider: draft.provider,
    model: draft.model,
    stages: draft.stages,
  };
}
