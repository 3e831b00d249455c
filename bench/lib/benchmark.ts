import type { BenchmarkReport, Measurement } from './results.js';

export interface BenchContext {
  quick: boolean;
  /** Repository root (absolute). */
  root: string;
  /** A temp folder for this run, removed afterwards. */
  tmp: string;
  /** Progress on stderr. */
  log(message: string): void;
}

export interface BenchOutcome {
  settings: Record<string, unknown>;
  measurements: Measurement[];
  note?: string;
  diagnostics?: Record<string, string>;
}

export interface Benchmark {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchOutcome>;
}

/** Thrown when the feature a benchmark measures has not landed: the benchmark is reported as skipped, not failed. */
export class NotAvailable extends Error {}

export type { BenchmarkReport };
