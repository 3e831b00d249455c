import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppWorkspace } from '../../src/cli/app-workspace.js';
import { main } from '../../src/cli/main.js';
import { deployRecords } from '../../src/deploy/deploy-workspace.js';
import { updateMonitorSettings } from '../../src/monitor/db/settings-store.js';
import { createWorkspaceMonitor } from '../../src/monitor/workspace-monitor.js';
import { StandInServer } from './support/stand-in-server.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const BIN = new URL('../../bin/catalyst.js', import.meta.url).pathname;

let dir: string;
let env: NodeJS.ProcessEnv;
let server: StandInServer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catalyst-status-'));
  env = { ...process.env, CATALYST_HOME: join(dir, 'home') };
  server = await StandInServer.start();
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function catalyst(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd: dir,
    env,
    stdin: Readable.from([]),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    isTTY: false,
  });
  return { code, stdout, stderr };
}

/** A registered project with deployed targets whose URLs point at stand-in apps. */
function deploy(targets: Record<string, string>, project = { id: 'proj_shop', name: 'Shop' }): void {
  const ws = openAppWorkspace({ env });
  try {
    ws.registry.register({ ...project, path: join(dir, project.name) });
    const { states } = deployRecords(ws);
    for (const [targetId, url] of Object.entries(targets)) {
      states.deployed(project.id, targetId, {
        deployedAt: '2026-06-01T12:00:00.000Z',
        version: '0.1.0',
        commit: 'abc1234',
        url,
        deploymentId: `dep_${targetId}`,
      });
    }
  } finally {
    ws.close();
  }
}

describe('catalyst status', () => {
  it('says how to get a target monitored when none is deployed', async () => {
    const result = await catalyst(['status']);
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr:
        'No deployed targets with a URL yet: deploy one with `catalyst deploy --target <id>`, or register its project with `catalyst project register`.\n',
    });
  });

  it('checks every deployed target once and prints a table; a dead one is down after a confirming check', async () => {
    const prod = server.app('/prod');
    prod.traffic(400, 0);
    const dead = await StandInServer.start();
    const deadUrl = dead.app().url;
    await dead.close();
    deploy({ production: prod.url, staging: deadUrl });

    const result = await catalyst(['status']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PROJECT\s+TARGET\s+STATUS\s+UPTIME 24H\s+AVG\s+P95\s+ERRORS\s+LAST CHECKED$/);
    expect(lines[1]).toMatch(/^Shop\s+production\s+healthy\s+100 %\s+\d+ ms\s+\d+ ms\s+0 %\s+just now$/);
    expect(lines[2]).toMatch(/^Shop\s+staging\s+down\s+0 %\s+—\s+—\s+100 %\s+just now$/);
    expect(lines).toHaveLength(3);
    expect(result.stderr).toBe('Shop/staging is down: 2 checks in a row failed: connection refused\n');
    expect(prod.hits).toBe(1);
  });

  it('also watches targets whose URL is set in catalyst.json of the folder it runs in, registered or not', async () => {
    const app = server.app('/external');
    const manifest = {
      schemaVersion: 1,
      id: 'proj_ext',
      name: 'External',
      description: '',
      version: '0.1.0',
      createdAt: '2026-01-05T10:00:00.000Z',
      updatedAt: '2026-01-05T10:00:00.000Z',
      deploymentTargets: {
        production: { id: 'production', name: 'Production', platform: 'railway', url: app.url },
        staging: { id: 'staging', name: 'Staging', platform: 'railway' },
      },
    };
    await writeFile(join(dir, 'catalyst.json'), JSON.stringify(manifest));
    const result = await catalyst(['status']);
    expect(result.stderr).toBe('');
    expect(result.stdout.trimEnd().split('\n').slice(1)).toEqual([
      expect.stringMatching(/^External\s+production\s+healthy\s+100 %\s+\d+ ms\s+\d+ ms\s+0 %\s+just now$/),
    ]);
  });

  it('notifies the workspace webhook of a change and waits for its retries before finishing', async () => {
    const receiver = await WebhookReceiver.start();
    receiver.status = 503;
    try {
      const dead = await StandInServer.start();
      const url = dead.app().url;
      await dead.close();
      deploy({ production: url });
      const ws = openAppWorkspace({ env });
      updateMonitorSettings(ws.db, { webhookUrl: receiver.url });
      ws.close();
      const result = await catalyst(['status']);
      expect(receiver.received.map((r) => (r.body as { to: string }).to)).toEqual(['down', 'down', 'down']);
      expect(result.stderr).toBe(
        'Shop/production is down: 2 checks in a row failed: connection refused\n' +
          `warning: could not notify webhook ${receiver.url} of proj_shop/production (unknown → down): HTTP 503; gave up after 3 attempts\n`,
      );
    } finally {
      await receiver.close();
    }
  }, 30_000);

  it('prints one JSON document with --json', async () => {
    const prod = server.app('/prod');
    prod.status = 'degraded';
    prod.httpStatus = 503;
    deploy({ production: prod.url });
    const result = await catalyst(['status', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(Object.keys(doc)).toEqual(['checkedAt', 'targets']);
    expect(doc.targets).toHaveLength(1);
    expect(doc.targets[0]).toMatchObject({
      projectId: 'proj_shop',
      projectName: 'Shop',
      targetId: 'production',
      url: prod.url,
      status: 'degraded',
      reason: 'app reports "degraded"',
      uptime24h: 1,
      uptime7d: 1,
      errorRate: 0,
      errorRateSource: 'app',
      checks24h: 1,
      lastError: null,
    });
    expect(doc.targets[0].lastCheckedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('--watch --json streams a snapshot and checks as JSON lines until Ctrl+C', async () => {
    const prod = server.app('/prod');
    deploy({ production: prod.url });
    const ws = openAppWorkspace({ env });
    updateMonitorSettings(ws.db, { intervalMs: 5_000 });
    ws.close();

    const child = spawn(process.execPath, [BIN, 'status', '--watch', '--json'], { cwd: dir, env });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const events: Array<{ type?: string }> = [];
    const lines = createInterface({ input: child.stdout });
    let rest = '';
    const seen = new Promise<void>((resolve) => {
      lines.on('line', (line) => {
        if (events.some((e) => e.type === 'sample') || !line.startsWith('{"')) {
          rest += `${line}\n`;
          return;
        }
        events.push(JSON.parse(line));
        if (events.some((e) => e.type === 'sample')) resolve();
      });
    });
    await seen;
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(events[0]).toMatchObject({
      type: 'snapshot',
      targets: [{ targetId: 'production', status: 'healthy' }],
    });
    expect(events.at(-1)).toMatchObject({
      type: 'sample',
      projectId: 'proj_shop',
      targetId: 'production',
      ok: true,
    });
    expect(JSON.parse(rest)).toMatchObject({ type: 'stopped', targets: [{ targetId: 'production' }] });
    expect(stderr).toContain('Checking every 5 s. Press Ctrl+C to stop.');
  });
});

describe('catalyst status while the studio monitors the workspace', () => {
  it('--watch only reads what the studio records, then takes over the checks when the studio stops', async () => {
    const prod = server.app('/prod');
    deploy({ production: prod.url });
    const ws = openAppWorkspace({ env });
    // The studio's monitor, in this process: it holds the lease and has checked once.
    const studio = createWorkspaceMonitor(ws, {
      lease: { label: 'the studio' },
      random: () => 0.99,
      logger: { warn: () => {} },
    });
    try {
      await studio.checkAll();
      await studio.start();
      expect(studio.leading).toBe(true);
      expect(prod.hits).toBe(1);

      const child = spawn(process.execPath, [BIN, 'status', '--watch'], { cwd: dir, env });
      let stdout = '';
      let stderr = '';
      const waiters: Array<() => void> = [];
      const until = (text: string, out: () => string = () => stderr) =>
        new Promise<void>((resolve) => {
          const check = () => (out().includes(text) ? resolve() : waiters.push(check));
          check();
        });
      child.stdout.on('data', (d) => {
        stdout += d;
        for (const wake of waiters.splice(0)) wake();
      });
      child.stderr.on('data', (d) => {
        stderr += d;
        for (const wake of waiters.splice(0)) wake();
      });
      await until('Printing the status changes it records.');
      await until('production', () => stdout);
      expect(stderr).toContain(
        `The studio (pid ${process.pid}) is monitoring this workspace; showing the state it recorded.`,
      );
      expect(stdout).toMatch(/\nShop\s+production\s+healthy\s+100 %/);
      // It checked nothing itself.
      expect(prod.hits).toBe(1);

      await studio.stop();
      await until('Now checking every 60 s: the other monitor stopped.');
      child.kill('SIGINT');
      expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    } finally {
      await studio.stop();
      ws.close();
    }
  });
});

describe('catalyst monitor settings', () => {
  it('shows the defaults, saves changes for the workspace and removes the webhook again', async () => {
    expect(await catalyst(['monitor', 'settings'])).toEqual({
      code: 0,
      stdout:
        'SETTING         VALUE\ncheck interval  60 s\ncheck timeout   5 s\nchecks at once  16\nwebhook         (none)\n',
      stderr: '',
    });
    const set = await catalyst([
      'monitor',
      'settings',
      '--interval',
      '30',
      '--webhook',
      'https://hooks.example/x',
    ]);
    expect(set.code).toBe(0);
    expect(set.stderr).toBe('Saved. A running studio applies it within one check interval.\n');
    expect(set.stdout).toContain('check interval  30 s\n');
    expect(set.stdout).toContain('webhook         https://hooks.example/x\n');
    const json = await catalyst(['monitor', 'settings', '--no-webhook', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      intervalMs: 30_000,
      timeoutMs: 5_000,
      concurrency: 16,
      webhookUrl: null,
    });
  });

  it('refuses values out of range (exit 1) and non-numbers (usage, exit 2)', async () => {
    expect(await catalyst(['monitor', 'settings', '--interval', '2'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Invalid monitor settings: the check interval must be at least 5 seconds.\n',
    });
    expect(await catalyst(['monitor', 'settings', '--timeout', 'soon'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --timeout takes a number of seconds, not "soon"\n',
    });
  });
});
