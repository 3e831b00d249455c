import { resolve } from 'node:path';
import { CatalystError } from '../errors.js';
import { formatProblems, loadProject } from '../model/load.js';
import type { LoadedWorkflow, Problem, Project } from '../model/project-files.js';
import type { Workflow } from '../model/workflow.js';
import { findWorkflow, missingTarget } from '../store/operations/lookup.js';
import { readProjectSource } from '../store/project-folder.js';
import { checkDraft, compileDraft, type DraftSlot, problemLines } from './check.js';
import { type LlmSettings, llmSettings, resolveApiKey } from './config.js';
import type { DraftEvent, DraftResult, DraftStage, DraftTokens } from './events.js';
import type { DraftHistory } from './history.js';
import { systemPrompt, userPrompt } from './prompt/context.js';
import { submitWorkflowTool } from './prompt/tool.js';
import { type ModelTurn, startConversation } from './providers/index.js';
import { unifiedDiff } from './unified-diff.js';

/** Rounds of repair after the first answer (DESIGN §14). */
export const MAX_REPAIR_ROUNDS = 3;

/** What a secret value is looked up in: the workspace vault (values never reach a prompt). */
export interface SecretLookup {
  has(projectId: string, name: string): boolean;
  reveal(projectId: string, name: string): string;
}

export interface DraftRequest {
  projectDir: string;
  prompt: string;
  /** `--workflow`: name, slug or id of the workflow to change (it keeps its id and file). */
  workflow?: string;
  /** `--target`: the target the draft goes to. */
  targetId?: string;
  env: NodeJS.ProcessEnv;
  /** Where the API key may be stored besides the environment. */
  vault?: SecretLookup;
  /** The workspace's draft history; prompt and answers are kept there only. */
  history?: DraftHistory;
  onEvent?: (event: DraftEvent) => void;
  signal?: AbortSignal;
}

/** The draft with what `applyDraft` needs to write it. */
export interface Draft extends DraftResult {
  /** The drafted workflow, parsed (for the studio's canvas, and to write). */
  draft?: Workflow;
}

/**
 * Drafts a workflow from a sentence: context → draft → validate (→ repair → validate, at most
 * MAX_REPAIR_ROUNDS times) → compile. Writes nothing: the caller shows the result and, once
 * the user accepts, calls `applyDraft`. Each stage is reported through `onEvent`.
 */
export async function draftWorkflow(request: DraftRequest): Promise<Draft> {
  const emit = request.onEvent ?? (() => {});
  const stages: Partial<Record<DraftStage, number>> = {};
  const timed = stageTimer(emit, stages);
  const settings = llmSettings(request.env);

  const ctx = await timed('context', undefined, async () => {
    const prepared = await prepare(request, settings);
    const detail = `${prepared.project.workflows.length} workflow${prepared.project.workflows.length === 1 ? '' : 's'} in ${prepared.project.manifest.name}, target ${prepared.targetId}, ${settings.provider} ${settings.model}`;
    return { value: prepared, detail };
  });

  const historyId = request.history?.start({
    projectId: ctx.project.manifest.id,
    projectDir: resolve(request.projectDir),
    provider: settings.provider,
    model: settings.model,
    prompt: request.prompt,
  });
  const tokens: DraftTokens = { input: 0, output: 0 };
  let round = 0;
  const conversation = startConversation({
    settings,
    apiKey: ctx.apiKey,
    system: systemPrompt(),
    prompt: userPrompt(
      { project: ctx.project, targetId: ctx.targetId, ...(ctx.editing ? { editing: ctx.editing } : {}) },
      request.prompt,
    ),
    tool: submitWorkflowTool(),
    onRetry: (info) => emit({ stage: round === 0 ? 'draft' : 'repair', status: 'retrying', ...info }),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  let outcome: RoundOutcome;
  try {
    for (;;) {
      const stage = round === 0 ? 'draft' : 'repair';
      const turn = await timed(stage, round, async () => {
        const t = await conversation.send();
        tokens.input += t.usage.input;
        tokens.output += t.usage.output;
        const what = t.call ? `called ${submitWorkflowTool().name}` : 'answered without calling the tool';
        return { value: t, detail: `${what} (${t.usage.input} tokens in, ${t.usage.output} out)` };
      });
      outcome = await checkRound(ctx.slot, turn, request.env, timed, round);
      request.history?.addAnswer(
        historyId!,
        {
          round,
          input: turn.call && 'input' in turn.call ? turn.call.input : null,
          text: turn.text,
          problems: problemLines(outcome.problems, outcome.file),
        },
        tokens,
      );
      if (outcome.problems.length === 0 || round === MAX_REPAIR_ROUNDS) break;
      conversation.reply(turn, problemLines(outcome.problems, outcome.file), true);
      round++;
    }
  } catch (error) {
    if (historyId !== undefined) request.history?.finish(historyId, 'failed');
    throw error;
  }

  const ok = outcome.problems.length === 0 && outcome.workflow !== undefined;
  if (historyId !== undefined) request.history?.finish(historyId, ok ? 'valid' : 'invalid', outcome.file);
  const before = ctx.editing
    ? ctx.slot.source.workflows.find((f) => f.path === ctx.editing!.file)?.text
    : undefined;
  const diff =
    before !== undefined && outcome.text !== undefined
      ? unifiedDiff(before, outcome.text, outcome.file)
      : undefined;
  return {
    ok,
    action: ctx.editing ? 'update' : 'create',
    file: outcome.file,
    ...(outcome.workflow
      ? {
          workflow: {
            id: outcome.workflow.id,
            name: outcome.workflow.name,
            deploymentTargetId: outcome.workflow.deploymentTargetId,
          },
          draft: outcome.workflow,
        }
      : {}),
    ...(outcome.text === undefined ? {} : { text: outcome.text }),
    ...(before === undefined ? {} : { before }),
    ...(diff === undefined ? {} : { diff }),
    notes: outcome.notes,
    rounds: round,
    tokens,
    problems: outcome.problems,
    provider: settings.provider,
    model: settings.model,
    stages,
    ...(historyId === undefined ? {} : { historyId }),
    written: false,
  };
}

interface Prepared {
  project: Project;
  slot: DraftSlot;
  targetId: string;
  editing?: LoadedWorkflow;
  apiKey: string;
}

async function prepare(request: DraftRequest, settings: LlmSettings): Promise<Prepared> {
  if (request.prompt.trim() === '') {
    throw new CatalystError(
      'invalid_input',
      'The prompt is empty: describe the workflow you want, e.g. catalyst draft "a webhook that stores orders".',
    );
  }
  const dir = resolve(request.projectDir);
  const source = await readProjectSource(dir);
  const { project, problems } = loadProject(source);
  if (!project) {
    throw new CatalystError(
      'invalid_project',
      `Cannot draft in ${dir} while some of its files do not load; fix them first:\n${formatProblems(problems)}`,
    );
  }
  const state = { dir, manifest: project.manifest, workflows: project.workflows };
  const editing = request.workflow === undefined ? undefined : findWorkflow(state, request.workflow);
  const targetId = request.targetId ?? editing?.workflow.deploymentTargetId ?? defaultTarget(project);
  if (!project.manifest.deploymentTargets[targetId]) throw missingTarget(state, targetId);
  // After the project checks, so a wrong folder is reported as such; before any request.
  const apiKey = resolveApiKey(settings, {
    env: request.env,
    vaultValue: (name) => {
      const id = project.manifest.id;
      return request.vault?.has(id, name) ? request.vault.reveal(id, name) : undefined;
    },
  });
  const slot: DraftSlot = {
    source,
    ...(editing
      ? {
          editing: {
            file: editing.file,
            id: editing.workflow.id,
            name: editing.workflow.name,
            deploymentTargetId: request.targetId ?? editing.workflow.deploymentTargetId,
          },
        }
      : {}),
    ...(request.targetId ? { targetId: request.targetId } : {}),
  };
  return { project, slot, targetId, apiKey, ...(editing ? { editing } : {}) };
}

/** The project's only target, else `local`, else the first by id. */
function defaultTarget(project: Project): string {
  const ids = Object.keys(project.manifest.deploymentTargets).sort();
  if (ids.length === 1 || !ids.includes('local')) return ids[0] ?? 'local';
  return 'local';
}

interface RoundOutcome {
  file: string;
  problems: Problem[];
  workflow?: Workflow;
  text?: string;
  notes: string;
}

type Timed = <T>(
  stage: DraftStage,
  round: number | undefined,
  work: () => Promise<{ value: T; detail: string; failed?: boolean; problems?: Problem[] }>,
) => Promise<T>;

async function checkRound(
  slot: DraftSlot,
  turn: ModelTurn,
  env: NodeJS.ProcessEnv,
  timed: Timed,
  round: number,
): Promise<RoundOutcome> {
  const checked = await timed('validate', round, async () => {
    const value = validateTurn(slot, turn);
    const n = value.problems.length;
    return {
      value,
      detail: n === 0 ? 'no problems' : `${n} problem${n === 1 ? '' : 's'}`,
      failed: n > 0,
      problems: value.problems,
    };
  });
  if (checked.problems.length > 0 || !checked.project || !checked.workflow) return checked;
  const { project, workflow } = checked;
  return timed('compile', round, async () => {
    let problems: Problem[];
    let detail: string;
    try {
      const compiled = await compileDraft(project, { file: checked.file, workflow }, env);
      problems = compiled.problems;
      detail =
        problems.length === 0
          ? `${compiled.files} files generated in memory, Python compiles (${compiled.python})`
          : problems[0]!.message;
    } catch (error) {
      if (error instanceof CatalystError) throw error;
      // The compiler refused what validation let through: say so, as the draft's problem.
      problems = [
        {
          file: checked.file,
          path: '$',
          message: `Catalyst could not generate the app: ${(error as Error).message}`,
        },
      ];
      detail = problems[0]!.message;
    }
    return { value: { ...checked, problems }, detail, failed: problems.length > 0, problems };
  });
}

function validateTurn(slot: DraftSlot, turn: ModelTurn): RoundOutcome & { project?: Project } {
  const file = slot.editing?.file ?? 'workflows/draft.json';
  if (!turn.call) {
    return {
      file,
      notes: '',
      problems: [
        {
          file,
          path: '$',
          message: `No workflow was submitted: call the ${submitWorkflowTool().name} tool with {"workflow": …, "notes": …}`,
        },
      ],
    };
  }
  if ('unreadable' in turn.call) {
    return {
      file,
      notes: '',
      problems: [
        { file, path: '$', message: `${turn.call.unreadable}: send the tool input as one JSON object` },
      ],
    };
  }
  const input = turn.call.input;
  const notes =
    input !== null && typeof input === 'object' && typeof (input as { notes?: unknown }).notes === 'string'
      ? (input as { notes: string }).notes
      : '';
  const checked = checkDraft(slot, input);
  return { ...checked, notes };
}

function stageTimer(emit: (event: DraftEvent) => void, stages: Partial<Record<DraftStage, number>>): Timed {
  return async (stage, round, work) => {
    const at = round === undefined ? {} : { round };
    emit({ stage, status: 'started', ...at });
    const t0 = performance.now();
    const done = (failed: boolean, detail: string, problems?: Problem[], fatal = false) => {
      const ms = Math.round(performance.now() - t0);
      stages[stage] = (stages[stage] ?? 0) + ms;
      emit({
        ...(fatal ? { fatal: true as const } : {}),
        stage,
        status: failed ? 'failed' : 'completed',
        ms,
        detail,
        ...at,
        ...(problems?.length ? { problems } : {}),
      });
    };
    try {
      const { value, detail, failed, problems } = await work();
      done(failed === true, detail, problems);
      return value;
    } catch (error) {
      done(true, (error as Error).message.split('\n')[0] ?? 'failed', undefined, true);
      throw error;
    }
  };
}
