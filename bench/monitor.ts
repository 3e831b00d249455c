/**
 * Health monitor benchmark: N targets (default 500) served by stand-in apps on 127.0.0.1,
 * checked in real time at a short interval. Reports whether every target was checked
 * within every interval, the concurrency actually reached, the monitor's CPU share and
 * memory, and the database size before/after. Prints a table on stderr and one JSON line
 * on stdout (last line), and exits on its own.
 *
 *   npx tsx bench/monitor.ts [--targets 500] [--interval 10] [--rounds 3] [--servers 10]
 *                            [--concurrency 16] [--quick]
 *
 * The stand-in servers run in a child process (this same file with `--fleet`), so the
 * CPU and memory measured here are the monitor's own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FEATURE_MIGRATIONS } from '../src/cli/app-workspace.js';
import { HealthMonitor } from '../src/monitor/monitor.js';
import type { MonitoredTarget } from '../src/monitor/types.js';
import { openDatabase } from '../src/workspace/database.js';
import { schemaMigrations } from '../src/workspace/migrations.js';
import { type StandInApp, StandInServer } from '../test/monitor/support/stand-in-server.js';
import { judgeSchedule } from './lib/check-schedule.js';

interface Options {
  targets: number;
  intervalS: number;
  rounds: number;
  servers: number;
  concurrency: number;
}

function parseOptions(argv: readonly string[]): Options & { fleet: boolean } {
  const opts = { targets: 500, intervalS: 10, rounds: 3, servers: 10, concurrency: 16, fleet: false };
  // The bench harness passes one JSON argument ({"quick": true}); flags work by hand.
  if (argv[0]?.startsWith('{')) {
    const json = JSON.parse(argv[0]) as { quick?: boolean };
    if (json.quick) opts.rounds = 2;
    return opts;
  }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} needs a positive number`);
      return v;
    };
    if (flag === '--targets') opts.targets = Math.floor(value());
    else if (flag === '--interval') opts.intervalS = value();
    else if (flag === '--rounds') opts.rounds = Math.floor(value());
    else if (flag === '--servers') opts.servers = Math.floor(value());
    else if (flag === '--concurrency') opts.concurrency = Math.floor(value());
    else if (flag === '--quick') opts.rounds = 2;
    else if (flag === '--fleet') opts.fleet = true;
    else throw new Error(`unknown option ${flag}`);
  }
  return opts;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

// ---------------------------------------------------------------------------------------
// The fleet: stand-in apps, `targets / servers` path prefixes per server.

async function runFleet(opts: Options): Promise<void> {
  // Every response waits a little (real time), so concurrent checks overlap on the server side.
  const gauge = { inFlight: 0, peak: 0 };
  const servers = await Promise.all(
    Array.from({ length: opts.servers }, () => StandInServer.start({ gauge })),
  );
  const urls: string[] = [];
  const apps: StandInApp[] = [];
  for (let n = 0; n < opts.targets; n++) {
    const app = servers[n % servers.length]!.app(`/t/${n}`);
    apps.push(app);
    app.traffic(1000, n % 50 === 0 ? 80 : 1); // a few targets with high error rates
    app.realDelayMs = n % 100 === 7 ? 150 : 5; // a few slow ones
    urls.push(app.url);
  }
  process.stdout.write(`${JSON.stringify({ urls })}\n`);
  // Keep the counters moving and report peak concurrency when asked.
  const tick = setInterval(() => {
    for (const app of apps) app.traffic(10);
  }, 1000);
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() === 'reset') gauge.peak = 0;
    if (line.trim() !== 'stats') return;
    process.stdout.write(`${JSON.stringify({ peakInFlight: gauge.peak })}\n`);
  });
  process.stdin.on('end', async () => {
    clearInterval(tick);
    await Promise.all(servers.map((s) => s.close()));
    process.exit(0);
  });
}

function startFleet(
  opts: Options,
): Promise<{ child: ChildProcess; urls: string[]; peakInFlight(): Promise<number> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL(import.meta.url).pathname,
      '--fleet',
      '--targets',
      String(opts.targets),
      '--servers',
      String(opts.servers),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  return next().then((first) => ({
    child,
    urls: (JSON.parse(first) as { urls: string[] }).urls,
    /** The most health requests in flight at once on the fleet since the last call. */
    peakInFlight: async () => {
      const reply = next();
      child.stdin!.write('stats\nreset\n');
      return (JSON.parse(await reply) as { peakInFlight: number }).peakInFlight;
    },
  }));
}

// ---------------------------------------------------------------------------------------
// The measured side: one monitor, real clock, real SQLite.

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

function dbBytes(file: string): number {
  let total = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      total += statSync(f).size;
    } catch {
      // no WAL yet
    }
  }
  return total;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** A full GC before reading the heap, so growth means retained memory, not garbage. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function runBench(opts: Options): Promise<void> {
  const intervalMs = opts.intervalS * 1000;
  const hardLimit = setTimeout(
    () => {
      log('monitor bench: did not finish in time, giving up');
      process.exit(2);
    },
    (opts.rounds + 3) * intervalMs + 60_000,
  );
  hardLimit.unref();

  const fleet = await startFleet(opts);
  const dir = mkdtempSync(join(tmpdir(), 'catalyst-monitor-bench-'));
  const dbFile = join(dir, 'catalyst.db');
  const db = openDatabase(dbFile, schemaMigrations(FEATURE_MIGRATIONS));
  const targets: MonitoredTarget[] = fleet.urls.map((url, n) => ({
    projectId: `proj_${String(Math.floor(n / 5)).padStart(4, '0')}`,
    targetId: `target_${n % 5}`,
    url,
  }));
  const monitor = new HealthMonitor({
    db,
    targets: () => targets,
    settings: { intervalMs, concurrency: opts.concurrency, timeoutMs: 5000 },
    logger: { warn: log },
  });

  const checks = new Map<string, number[]>();
  const latencies: number[] = [];
  let failed = 0;
  monitor.on('sample', (o) => {
    const id = `${o.target.projectId}/${o.target.targetId}`;
    const list = checks.get(id) ?? [];
    checks.set(id, list);
    list.push(o.sample.at);
    latencies.push(o.sample.latencyMs);
    if (!o.sample.ok) failed++;
  });

  const dbBefore = dbBytes(dbFile);
  const memory: Array<{ rss: number; heap: number }> = [];
  const sampleMemory = () => {
    const m = process.memoryUsage();
    memory.push({ rss: m.rss, heap: m.heapUsed });
  };
  sampleMemory();
  const memTimer = setInterval(sampleMemory, 1000);

  log(
    `monitor bench: ${opts.targets} targets on ${opts.servers} stand-in servers, ` +
      `interval ${opts.intervalS} s × ${opts.rounds} rounds, concurrency ${opts.concurrency}`,
  );
  // A full sweep at once (what `catalyst status` does): all targets queue, the pool bounds them.
  const sweepStart = performance.now();
  await monitor.checkAll();
  const sweepMs = performance.now() - sweepStart;
  const sweepPeak = monitor.stats.peakConcurrency;
  const sweepServerPeak = await fleet.peakInFlight();
  checks.clear();
  latencies.length = 0;
  failed = 0;
  const checksBefore = monitor.stats.checks;

  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const started = Date.now();
  await monitor.start();
  // Heap after a full GC at the end of every round: flat means nothing accumulates.
  const heapAfterRound: number[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    await new Promise((r) => setTimeout(r, intervalMs));
    collectGarbage();
    heapAfterRound.push(process.memoryUsage().heapUsed);
  }
  const ended = Date.now();
  await monitor.stop();
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(memTimer);
  sampleMemory();
  const serverPeak = await fleet.peakInFlight();
  fleet.child.stdin!.end();

  const perTarget = targets.map((t) => checks.get(`${t.projectId}/${t.targetId}`) ?? []);
  const checkCounts = perTarget.map((ats) => ats.length);
  const verdict = judgeSchedule(perTarget, started, ended, intervalMs);
  const stats = { ...monitor.stats, checks: monitor.stats.checks - checksBefore };
  // What a dashboard refresh costs: every target's summary, computed, then from the cache.
  let t0 = performance.now();
  monitor.health();
  const healthColdMs = Math.round(performance.now() - t0);
  t0 = performance.now();
  monitor.health();
  const healthWarmMs = Math.round((performance.now() - t0) * 10) / 10;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const dbAfter = dbBytes(dbFile);
  const rows = db.prepare('SELECT count(*) FROM monitor_samples').pluck().get() as number;
  db.close();
  rmSync(dir, { recursive: true, force: true });

  const rssValues = memory.map((m) => m.rss);
  const heapValues = memory.map((m) => m.heap);
  const result = {
    benchmark: 'monitor',
    targets: opts.targets,
    intervalS: opts.intervalS,
    rounds: opts.rounds,
    concurrency: opts.concurrency,
    checks: stats.checks,
    failedChecks: failed,
    skippedRounds: stats.skipped,
    everyTargetEveryInterval: verdict.everyInterval,
    checksPerTargetMin: Math.min(...checkCounts),
    checksPerTargetMax: Math.max(...checkCounts),
    firstCheckMaxMs: Math.round(verdict.maxFirstMs),
    maxGapMs: verdict.maxGapMs,
    lastCheckBeforeEndMaxMs: Math.round(verdict.maxTailMs),
    sweepMs: Math.round(sweepMs),
    sweepPeakConcurrency: sweepPeak,
    sweepServerPeakInFlight: sweepServerPeak,
    serverPeakInFlight: serverPeak,
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
    cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 1000) / 10,
    cpuMsPerCheck: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, stats.checks)) * 100) / 100,
    rssStartMb: mb(rssValues[0]!),
    rssMaxMb: mb(Math.max(...rssValues)),
    rssEndMb: mb(rssValues.at(-1)!),
    heapMaxMb: mb(Math.max(...heapValues)),
    heapAfterRoundMb: heapAfterRound.map(mb),
    heapGrowthAfterFirstRoundMb: mb(heapAfterRound.at(-1)! - heapAfterRound[0]!),
    healthAllColdMs: healthColdMs,
    healthAllCachedMs: healthWarmMs,
    dbBytesBefore: dbBefore,
    dbBytesAfter: dbAfter,
    dbBytesPerCheck: Math.round((dbAfter - dbBefore) / Math.max(1, stats.checks)),
    sampleRows: rows,
    wallS: Math.round(wallMs / 100) / 10,
  };

  const table: Array<[string, string]> = [
    ['targets / interval / rounds', `${result.targets} / ${result.intervalS} s / ${result.rounds}`],
    ['checks (failed) / skipped', `${result.checks} (${result.failedChecks}) / ${result.skippedRounds}`],
    [
      'every target once per interval',
      `${result.everyTargetEveryInterval ? 'yes' : 'NO'} (${result.checksPerTargetMin}–${result.checksPerTargetMax} checks each)`,
    ],
    [
      'first check after start / max gap / last check before the end',
      `≤ ${(result.firstCheckMaxMs / 1000).toFixed(2)} s / ${(result.maxGapMs / 1000).toFixed(2)} s / ${(result.lastCheckBeforeEndMaxMs / 1000).toFixed(2)} s`,
    ],
    [
      'full sweep of all targets at once',
      `${result.sweepMs} ms, peak in flight ${result.sweepPeakConcurrency} (server saw ${result.sweepServerPeakInFlight}; limit ${opts.concurrency})`,
    ],
    ['peak in flight while scheduled (server side)', `${result.serverPeakInFlight}`],
    ['check latency p50 / p95', `${result.latencyP50Ms} / ${result.latencyP95Ms} ms`],
    ['monitor CPU', `${result.cpuPercent} % of a core (${result.cpuMsPerCheck} ms per check)`],
    ['RSS start / max / end', `${result.rssStartMb} / ${result.rssMaxMb} / ${result.rssEndMb} MB`],
    [
      'heap after GC, per round',
      `${result.heapAfterRoundMb.join(' / ')} MB (max before GC ${result.heapMaxMb} MB)`,
    ],
    [
      `summaries of all ${opts.targets} targets`,
      `${result.healthAllColdMs} ms computed, ${result.healthAllCachedMs} ms cached`,
    ],
    [
      'database before → after',
      `${result.dbBytesBefore} → ${result.dbBytesAfter} bytes (${result.dbBytesPerCheck} B per check)`,
    ],
  ];
  const width = Math.max(...table.map(([k]) => k.length));
  log('');
  for (const [k, v] of table) log(`${k.padEnd(width)}  ${v}`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  clearTimeout(hardLimit);
}

const options = parseOptions(process.argv.slice(2));
if (options.fleet) await runFleet(options);
else await runBench(options);
