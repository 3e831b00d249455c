import { bareBenchmark } from './calls/bare-bench.js';
import { callsBenchmark } from './calls/calls-bench.js';
import { handwrittenBenchmark } from './calls/handwritten-bench.js';
import { codegenBenchmark } from './codegen/codegen-bench.js';
import type { Benchmark } from './lib/benchmark.js';
import { monitorBenchmark } from './monitor-bench.js';
import { editRunBenchmark } from './run-loop/edit-run-bench.js';
import { schemaBenchmark } from './schema/schema-bench.js';
import { studioBenchmark } from './studio/studio-bench.js';
import { tracingBenchmark } from './trace/trace-bench.js';

/** Every benchmark of `npm run bench`, in the order they run. n8n runs separately (`npm run bench:n8n`). */
export const BENCHMARKS: readonly Benchmark[] = [
  codegenBenchmark,
  callsBenchmark,
  handwrittenBenchmark,
  bareBenchmark,
  schemaBenchmark,
  tracingBenchmark,
  studioBenchmark,
  editRunBenchmark,
  monitorBenchmark,
];
