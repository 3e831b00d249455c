import type { FileKind } from '../compiler/types.js';
import type { VerifyResult, VerifyStep } from './verify.js';

export const STAGES = ['validate', 'plan', 'render', 'write', 'verify'] as const;
export type Stage = (typeof STAGES)[number];

/** What the pipeline reports as it goes; the CLI turns these into progress lines, the studio into a live view. */
export type PipelineEvent =
  | { stage: Stage; status: 'start' }
  | {
      stage: Stage;
      status: 'done';
      ms: number;
      /** One human line about the result, e.g. "3 workflows, 2 secrets". */
      detail: string;
      /** Files rendered (render) or files in the app (write). */
      files?: number;
      /** Files actually written (write). */
      written?: number;
    }
  | { stage: 'verify'; status: 'step'; step: VerifyStep };

export interface GenerateSummary {
  project: { id: string; name: string; version: string };
  target: { id: string; platform: string };
  outDir: string;
  commit: string | null;
  files: number;
  written: number;
  removed: number;
  unchanged: boolean;
  /** Lines of generated text by file kind. */
  lines: Record<FileKind, number>;
  totalLines: number;
  /** Milliseconds per stage that ran. */
  stages: Partial<Record<Stage, number>>;
  totalMs: number;
  verify?: VerifyResult;
  /** Things that work but are probably not what was meant (a target with no workflows). */
  warnings: string[];
}
