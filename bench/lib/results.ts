import { z } from 'zod';

/**
 * The shape of `bench/results.json`. Every benchmark reports measurements in this one form, so
 * the table, the JSON file and the pass/miss verdicts cannot disagree.
 */
export const targetSchema = z.object({
  /** `<=`: the measured median must not exceed `limit`; `>=`: it must reach it. */
  op: z.enum(['<=', '>=']),
  limit: z.number(),
});
export type Target = z.infer<typeof targetSchema>;

export const measurementSchema = z.object({
  metric: z.string().min(1),
  unit: z.string(),
  median: z.number(),
  min: z.number(),
  max: z.number(),
  /** Every run's value, in the order measured. A value derived from medians has one run. */
  runs: z.array(z.number()).min(1),
  target: targetSchema.optional(),
  /** Set exactly when `target` is: the verdict on the median. */
  pass: z.boolean().optional(),
  note: z.string().optional(),
});
export type Measurement = z.infer<typeof measurementSchema>;

export const benchmarkStatusSchema = z.enum(['ok', 'skipped', 'failed']);

export const benchmarkReportSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  status: benchmarkStatusSchema,
  /** Why a benchmark was skipped or failed, or how to read it. */
  note: z.string().optional(),
  durationMs: z.number(),
  /** How it was measured: sizes, connections, duration, rounds, server command… */
  settings: z.record(z.string(), z.unknown()),
  measurements: z.array(measurementSchema),
  /** Evidence for a miss, e.g. a cProfile of the generated app: name → text. */
  diagnostics: z.record(z.string(), z.string()).optional(),
});
export type BenchmarkReport = z.infer<typeof benchmarkReportSchema>;

export const machineSchema = z.object({
  cpuModel: z.string(),
  cores: z.number().int(),
  memoryMb: z.number().int(),
  platform: z.string(),
  node: z.string(),
  python: z.string().nullable(),
  fastapi: z.string().nullable(),
  pydantic: z.string().nullable(),
  uvicorn: z.string().nullable(),
  httpx: z.string().nullable(),
  wrk: z.string().nullable(),
  loadAverage: z.array(z.number()),
});
export type Machine = z.infer<typeof machineSchema>;

export const resultsFileSchema = z.object({
  schemaVersion: z.literal(1),
  mode: z.enum(['full', 'quick']),
  startedAt: z.string(),
  finishedAt: z.string(),
  machine: machineSchema,
  benchmarks: z.array(benchmarkReportSchema),
  summary: z.object({
    targets: z.number().int(),
    passed: z.number().int(),
    missed: z.number().int(),
    skipped: z.array(z.string()),
    failed: z.array(z.string()),
  }),
});
export type ResultsFile = z.infer<typeof resultsFileSchema>;
