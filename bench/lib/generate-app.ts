/**
 * Full generation of one target through the product's own pipeline (src/build/generate.ts:
 * read + validate the project folder → plan → render → write), exactly what `catalyst generate` runs.
 */
export interface GenerationStats {
  /** Milliseconds per pipeline stage, as the pipeline reports them. */
  stages: Record<string, number>;
  files: number;
  written: number;
  unchanged: boolean;
}

export type GenerateToDisk = (
  projectDir: string,
  targetId: string,
  outDir: string,
) => Promise<GenerationStats>;

/** Loaded lazily so a broken pipeline fails this benchmark, not the whole harness at import time. */
export async function loadGenerator(): Promise<GenerateToDisk> {
  const { generateApp } = await import('../../src/build/generate.js');
  return async (projectDir, targetId, outDir) => {
    const { summary } = await generateApp({ projectDir, targetId, outDir });
    return {
      stages: summary.stages as Record<string, number>,
      files: summary.files,
      written: summary.written,
      unchanged: summary.unchanged,
    };
  };
}
