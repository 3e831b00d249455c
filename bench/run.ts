/**
 * `npm run bench [-- --quick]`: runs every benchmark whose feature has landed, prints one table
 * (benchmark, metric, value, target, pass/MISS) and writes bench/results.json. Exit 0 even when
 * targets are missed; non-zero only when the harness itself breaks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchContext, type Benchmark, NotAvailable } from './lib/benchmark.js';
import { describeMachine } from './lib/machine.js';
import { benchUsage, parseOptions, UsageError } from './lib/options.js';
import { type BenchmarkReport, type ResultsFile, resultsFileSchema } from './lib/results.js';
import { exitCode, summarizeReports } from './lib/summary.js';
import { renderTable } from './lib/table.js';
import { BENCHMARKS } from './registry.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function runOne(b: Benchmark, ctx: BenchContext): Promise<BenchmarkReport> {
  const started = performance.now();
  const base = { id: b.id, title: b.title };
  ctx.log(`\n== ${b.id}: ${b.title}`);
  try {
    const out = await b.run(ctx);
    const report: BenchmarkReport = {
      ...base,
      status: 'ok',
      durationMs: 0,
      settings: out.settings,
      measurements: out.measurements,
    };
    if (out.note) report.note = out.note;
    if (out.diagnostics) report.diagnostics = out.diagnostics;
    return { ...report, durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    const durationMs = Math.round(performance.now() - started);
    if (err instanceof NotAvailable) {
      ctx.log(`   not available: ${err.message}`);
      return {
        ...base,
        status: 'skipped',
        note: `not available: ${err.message}`,
        durationMs,
        settings: {},
        measurements: [],
      };
    }
    const message = err instanceof Error ? err.message : String(err);
    ctx.log(`   FAILED: ${err instanceof Error && err.stack ? err.stack : message}`);
    return { ...base, status: 'failed', note: message, durationMs, settings: {}, measurements: [] };
  }
}

async function main(argv: string[]): Promise<number> {
  let opts: ReturnType<typeof parseOptions>;
  try {
    opts = parseOptions(argv, {
      full: path.join(root, 'bench', 'results.json'),
      quick: path.join(root, 'artifacts', 'bench-quick.json'),
      only: path.join(root, 'artifacts', 'bench-only.json'),
    });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`bench: ${err.message}\n${benchUsage(BENCHMARKS.map((b) => b.id))}\n`);
    return 2;
  }
  const unknown = opts.only.filter((id) => !BENCHMARKS.some((b) => b.id === id));
  if (unknown.length) {
    process.stderr.write(
      `bench: unknown benchmark ${unknown.join(', ')}\n${benchUsage(BENCHMARKS.map((b) => b.id))}\n`,
    );
    return 2;
  }
  const selected = BENCHMARKS.filter((b) => opts.only.length === 0 || opts.only.includes(b.id));
  const startedAt = new Date().toISOString();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalyst-bench-'));
  const ctx: BenchContext = {
    quick: opts.quick,
    root,
    tmp,
    log: (m) => process.stderr.write(`${m}\n`),
  };
  ctx.log(`catalyst bench (${opts.quick ? 'quick' : 'full'}) — ${selected.map((b) => b.id).join(', ')}`);
  const machine = describeMachine();
  const reports: BenchmarkReport[] = [];
  try {
    for (const b of selected) reports.push(await runOne(b, ctx));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const summary = summarizeReports(reports);
  const results: ResultsFile = resultsFileSchema.parse({
    schemaVersion: 1,
    mode: opts.quick ? 'quick' : 'full',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    benchmarks: reports,
    summary,
  });
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${renderTable(reports)}\n\n`);
  process.stdout.write(
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryMb} MB; node ${machine.node}, python ${machine.python ?? '—'}, fastapi ${machine.fastapi ?? '—'}\n` +
      `targets: ${summary.passed} passed, ${summary.missed} missed` +
      (summary.skipped.length ? `; not available: ${summary.skipped.join(', ')}` : '') +
      (summary.failed.length ? `; FAILED: ${summary.failed.join(', ')}` : '') +
      `\nresults: ${path.relative(process.cwd(), opts.out) || opts.out}\n`,
  );
  return exitCode(summary);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bench: harness error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
