/**
 * `npm run bench:n8n`: n8n 1.x against the generated app, same work, same load generator.
 * Installs n8n into $N8N_PEER_DIR (default ~/.cache/catalyst-n8n) on first use — about
 * 9 minutes and 1.8 GB — then measures, per n8n expression engine, the flat webhook workflow
 * and the one with an Execute Workflow sub-call, alternating rounds with the generated app's
 * equivalents. Writes bench/results-n8n.json (the schema of results.json). Not in CI.
 *
 *   npm run bench:n8n -- [--dir DIR] [--configs vm,legacy,legacy-nosave] [--duration 20]
 *                        [--connections 10] [--rounds 3] [--no-install] [--out FILE]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGenerator } from '../lib/generate-app.js';
import { type LoadPlan, type LoadTarget, measureRounds } from '../lib/load.js';
import { describeMachine } from '../lib/machine.js';
import { writeProjectFolder } from '../lib/project-folder.js';
import { servePython } from '../lib/python-server.js';
import { type BenchmarkReport, resultsFileSchema } from '../lib/results.js';
import { summarizeReports } from '../lib/summary.js';
import { renderTable } from '../lib/table.js';
import { N8N_CONFIGS } from './n8n-configs.js';
import { n8nMeasurements } from './n8n-measurements.js';
import { N8N_BODY, N8N_EXPECTED, N8N_TARGET, n8nEquivalentProject, PATHS } from './n8n-project.js';
import { defaultPeerDir, installN8n, n8nBin, setupN8n, startN8n } from './peer.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (m: string) => process.stderr.write(`${m}\n`);

interface Options {
  dir: string;
  configs: string[];
  durationS: number;
  connections: number;
  rounds: number;
  install: boolean;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    dir: defaultPeerDir(),
    configs: ['vm', 'legacy'],
    durationS: 20,
    connections: 10,
    rounds: 3,
    install: true,
    out: path.join(root, 'bench', 'results-n8n.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = () => {
      const n = Number(next());
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a positive whole number`);
      return n;
    };
    if (flag === '--dir') o.dir = path.resolve(next());
    else if (flag === '--configs') o.configs = next().split(',').filter(Boolean);
    else if (flag === '--duration') o.durationS = num();
    else if (flag === '--connections') o.connections = num();
    else if (flag === '--rounds') o.rounds = num();
    else if (flag === '--no-install') o.install = false;
    else if (flag === '--out') o.out = path.resolve(next());
    else throw new Error(`unknown option ${flag}`);
  }
  const unknown = o.configs.filter((c) => !(c in N8N_CONFIGS));
  if (unknown.length)
    throw new Error(
      `unknown n8n config ${unknown.join(', ')} (known: ${Object.keys(N8N_CONFIGS).join(', ')})`,
    );
  return o;
}

async function checkAnswer(url: string, unwrap: (b: unknown) => unknown, what: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: N8N_BODY,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${text.slice(0, 300)}`);
  const got = unwrap(JSON.parse(text));
  if (JSON.stringify(got) !== JSON.stringify(N8N_EXPECTED)) {
    throw new Error(`${what} answered ${text.slice(0, 300)}; expected ${JSON.stringify(N8N_EXPECTED)}`);
  }
}

/** n8n's "respond with last node" may wrap the item in a list; the generated call wraps it in {result}. */
const firstItem = (b: unknown) => (Array.isArray(b) ? b[0] : b);
const callResult = (b: unknown) => (b as { result?: unknown }).result;

async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  if (!fs.existsSync(n8nBin(o.dir))) {
    if (!o.install)
      throw new Error(`n8n is not installed in ${o.dir}; run without --no-install, or set N8N_PEER_DIR`);
    installN8n(o.dir, log);
  }
  setupN8n(o.dir, log);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalyst-bench-n8n-'));
  const reports: BenchmarkReport[] = [];
  try {
    const projectDir = path.join(tmp, 'project');
    const appDir = path.join(tmp, 'app');
    writeProjectFolder(projectDir, n8nEquivalentProject(), { git: false });
    await (await loadGenerator())(projectDir, N8N_TARGET, appDir);
    const app = await servePython({ cwd: appDir, app: 'main:app', readyPath: '/health' });
    try {
      await checkAnswer(`${app.url}${PATHS.flat}`, (b) => b, 'generated /bench-flat');
      await checkAnswer(`${app.url}${PATHS.parent}`, callResult, 'generated /bench');
      const plan: LoadPlan = {
        wrk: { connections: o.connections, threads: 1, durationS: o.durationS },
        warmupS: 5,
        rounds: o.rounds,
        body: N8N_BODY,
      };
      for (const cfg of o.configs) {
        const started = performance.now();
        log(`\n== n8n ${cfg}: ${JSON.stringify(N8N_CONFIGS[cfg])}`);
        const n8n = await startN8n(o.dir, N8N_CONFIGS[cfg]!, PATHS.n8nFlat, N8N_BODY);
        try {
          await checkAnswer(`${n8n.url}${PATHS.n8nFlat}`, firstItem, `n8n ${PATHS.n8nFlat}`);
          await checkAnswer(`${n8n.url}${PATHS.n8nParent}`, firstItem, `n8n ${PATHS.n8nParent}`);
          const targets: LoadTarget[] = [
            { label: 'gen-flat', url: `${app.url}${PATHS.flat}`, serverPid: app.pid },
            { label: `n8n-${cfg}-flat`, url: `${n8n.url}${PATHS.n8nFlat}`, serverPid: n8n.pid },
            { label: 'gen-parent', url: `${app.url}${PATHS.parent}`, serverPid: app.pid },
            { label: `n8n-${cfg}-parent`, url: `${n8n.url}${PATHS.n8nParent}`, serverPid: n8n.pid },
          ];
          const samples = await measureRounds(targets, plan, log);
          reports.push({
            id: `n8n-${cfg}`,
            title: `n8n 1.x (${cfg}) vs the generated app: webhook → Set → Execute Workflow`,
            status: 'ok',
            durationMs: Math.round(performance.now() - started),
            settings: {
              n8nEnv: N8N_CONFIGS[cfg],
              n8nDir: o.dir,
              load: `wrk -t1 -c${o.connections} -d${o.durationS}s, ${o.rounds} rounds alternating, 5 s warm-up`,
              generated:
                'the same flow as a Catalyst project (bench/n8n/n8n-project.ts), uvicorn --loop asyncio --http h11',
            },
            measurements: n8nMeasurements(cfg, samples),
          });
        } finally {
          await n8n.stop();
        }
      }
    } finally {
      await app.stop();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const results = resultsFileSchema.parse({
    schemaVersion: 1,
    mode: 'full',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    benchmarks: reports,
    summary: summarizeReports(reports),
  });
  fs.writeFileSync(o.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${renderTable(reports)}\n\nresults: ${o.out}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bench:n8n: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
