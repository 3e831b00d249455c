import { type Benchmark, NotAvailable } from '../lib/benchmark.js';

export const studioBenchmark: Benchmark = {
  id: 'studio',
  title: 'Studio dashboard with 1,000 projects (headless Chromium)',
  run: async () => {
    throw new NotAvailable('studio not built');
  },
};
