import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // How long expect.poll waits for something to become true (vitest's 1 s default is shorter
    // than a studio round trip or a file-watch event on a busy 2-core CI machine). Only an
    // upper bound: a poll returns as soon as its assertion holds.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.d.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 85 },
    },
  },
});
