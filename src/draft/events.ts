import type { Problem } from '../model/project-files.js';

/** The stages of a draft (DESIGN §14), in order; `repair` and `validate` repeat per round. */
export const DRAFT_STAGES = ['context', 'draft', 'validate', 'repair', 'compile', 'write'] as const;
export type DraftStage = (typeof DRAFT_STAGES)[number];

/** What the pipeline reports as it goes: the CLI prints it, the studio streams it. */
export type DraftEvent =
  | { stage: DraftStage; status: 'started'; round?: number }
  | {
      stage: DraftStage;
      status: 'completed' | 'failed';
      ms: number;
      detail: string;
      round?: number;
      /** validate and compile: the problems found (what goes back to the model). */
      problems?: Problem[];
      /** The stage threw: the pipeline ends with that error (the CLI prints it once, as the error). */
      fatal?: true;
    }
  | { stage: 'draft' | 'repair'; status: 'retrying'; attempt: number; delayMs: number; reason: string };

export interface DraftTokens {
  input: number;
  output: number;
}

/** A draft, validated (or not) and ready to be written after the user accepts. */
export interface DraftResult {
  /** True when the draft validates and its app compiles: only then may it be written. */
  ok: boolean;
  action: 'create' | 'update';
  /** Project-relative file the draft is (or would be) written to. */
  file: string;
  workflow?: { id: string; name: string; deploymentTargetId: string };
  /** The file's text as it would be written. */
  text?: string;
  /** `--workflow`: the file as it is now, and a unified diff to the draft. */
  before?: string;
  diff?: string;
  notes: string;
  /** Repair rounds used (0 when the first answer was right). */
  rounds: number;
  tokens: DraftTokens;
  /** Problems left when `ok` is false. */
  problems: Problem[];
  provider: string;
  model: string;
  /** Milliseconds per stage (rounds summed). */
  stages: Partial<Record<DraftStage, number>>;
  /** The draft's row in the workspace's draft history. */
  historyId?: number;
  written: boolean;
}
