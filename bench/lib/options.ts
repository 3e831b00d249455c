/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  quick: boolean;
  /** Benchmark ids to run; empty = all. */
  only: string[];
  /** Where results.json goes. */
  out: string;
}

/** The usage text, naming the benchmarks there are (`ids`, in the order they run). */
export function benchUsage(ids: readonly string[]): string {
  return `usage: npm run bench -- [--quick] [--only ID[,ID…]] [--out FILE]
  --quick   a small version of each benchmark (under a minute; what CI runs)
  --only    run only these benchmarks (${ids.join(', ')})
  --out     where to write the results (default bench/results.json; with --quick
            artifacts/bench-quick.json and with --only artifacts/bench-only.json, so a
            quick or partial run never replaces the committed full figures)`;
}

export class UsageError extends Error {}

export function parseOptions(
  argv: readonly string[],
  defaultOut: { full: string; quick: string; only: string },
): BenchOptions {
  const opts: BenchOptions = { quick: false, only: [], out: '' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--quick':
        opts.quick = true;
        break;
      case '--only':
        opts.only.push(...value().split(',').filter(Boolean));
        break;
      case '--out':
        opts.out = value();
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (opts.out === '')
    opts.out = opts.quick ? defaultOut.quick : opts.only.length > 0 ? defaultOut.only : defaultOut.full;
  return opts;
}
