import fs from 'node:fs';
import path from 'node:path';
import { type Benchmark, NotAvailable } from './lib/benchmark.js';

export const monitorBenchmark: Benchmark = {
  id: 'monitor',
  title: 'Health monitor: 500 targets on stand-in servers (bench/monitor.ts)',
  run: async (ctx) => {
    if (!fs.existsSync(path.join(ctx.root, 'bench', 'monitor.ts')))
      throw new NotAvailable('bench/monitor.ts not built');
    throw new NotAvailable('bench/monitor.ts not wired in yet');
  },
};
