import type { BenchmarkReport, ResultsFile } from './results.js';

export function summarizeReports(reports: readonly BenchmarkReport[]): ResultsFile['summary'] {
  const judged = reports.flatMap((r) => r.measurements).filter((m) => m.pass !== undefined);
  return {
    targets: judged.length,
    passed: judged.filter((m) => m.pass).length,
    missed: judged.filter((m) => m.pass === false).length,
    skipped: reports.filter((r) => r.status === 'skipped').map((r) => r.id),
    failed: reports.filter((r) => r.status === 'failed').map((r) => r.id),
  };
}

/** Misses are not failures of the harness: only a benchmark that broke makes the run fail. */
export function exitCode(summary: ResultsFile['summary']): number {
  return summary.failed.length > 0 ? 1 : 0;
}
