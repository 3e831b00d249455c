import { HealthMonitor } from '../../monitor/monitor.js';
import type { StatusChange, TargetHealth } from '../../monitor/types.js';
import { workspaceStopCheck, workspaceTargetSource } from '../../monitor/workspace-targets.js';
import { type CommandContext, defineCommand } from '../command.js';
import { untilInterrupted } from '../interrupt.js';
import { table } from '../render.js';

interface StatusOptions {
  watch?: boolean;
}

export const STATUS_HEADER = [
  'PROJECT',
  'TARGET',
  'STATUS',
  'UPTIME 24H',
  'AVG',
  'P95',
  'ERRORS',
  'LAST CHECKED',
] as const;

const NO_TARGETS =
  'No deployed targets with a URL yet: deploy one with `catalyst deploy --target <id>`, or register its project with `catalyst project register`.';

/** `0.9995` → `99.95 %`; at most two decimals, no trailing zeros. */
export function formatShare(share: number | null): string {
  if (share === null) return '—';
  return `${Number((share * 100).toFixed(2))} %`;
}

export function formatMs(ms: number | null): string {
  return ms === null ? '—' : `${Math.round(ms)} ms`;
}

/** How long ago, in the largest unit that fits: `just now`, `42 s ago`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function formatAgo(at: number | null, now: number): string {
  if (at === null) return 'never';
  const s = Math.max(0, Math.floor((now - at) / 1000));
  if (s < 1) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

export function statusTable(targets: readonly TargetHealth[], now: number): string {
  return table(
    targets.map((h) => [
      h.projectName ?? h.projectId,
      h.targetId,
      h.status,
      formatShare(h.uptime24h),
      formatMs(h.avgLatencyMs),
      formatMs(h.p95LatencyMs),
      formatShare(h.errorRate),
      formatAgo(h.lastCheckedAt, now),
    ]),
    STATUS_HEADER,
  );
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The `--json` shape of one target: times as ISO strings, shares as 0–1. */
export function healthJson(h: TargetHealth) {
  return { ...h, statusSince: iso(h.statusSince), lastCheckedAt: iso(h.lastCheckedAt) };
}

function changeJson(c: StatusChange) {
  return { type: 'status-change' as const, ...c, at: new Date(c.at).toISOString() };
}

/** Why each target that is not healthy is in its state, on stderr under the table. */
function noteProblems(targets: readonly TargetHealth[], ctx: CommandContext): void {
  for (const h of targets) {
    if (h.status === 'healthy' || h.status === 'stopped') continue;
    ctx.note(`${h.projectName ?? h.projectId}/${h.targetId} is ${h.status}: ${h.reason}`);
  }
}

export const statusCommand = defineCommand<StatusOptions>({
  name: ['status'],
  summary: 'health of every deployed target: checks each once (or keeps checking with --watch)',
  options: [
    {
      flags: '--watch',
      description:
        'keep checking at the workspace interval and print every status change (--json: one JSON line per event) until Ctrl+C',
    },
  ],
  async run({ options, projectDir, json }, ctx) {
    const workspace = ctx.workspace();
    const monitor = new HealthMonitor({
      db: workspace.db,
      // The folder it runs in counts too, registered or not (it is simply skipped when not a project).
      targets: workspaceTargetSource(workspace, [projectDir]),
      isStopped: workspaceStopCheck(workspace),
      lease: { label: options.watch ? 'catalyst status --watch' : 'catalyst status' },
      logger: { warn: (message) => ctx.note(`warning: ${message}`) },
    });
    try {
      await monitor.checkAll({ confirmFailures: true });
      noteFollowing(monitor, ctx);
      const targets = monitor.health();
      if (targets.length === 0) ctx.note(NO_TARGETS);
      if (!options.watch) {
        noteProblems(targets, ctx);
        return {
          data: { checkedAt: new Date().toISOString(), targets: targets.map(healthJson) },
          text: targets.length === 0 ? '' : statusTable(targets, Date.now()),
        };
      }
      return await watch(monitor, targets, json, ctx);
    } finally {
      await monitor.stop();
    }
  },
});

/**
 * Only one monitor probes a workspace (the lease): while another one does (the studio),
 * this command shows what that one recorded instead of checking again.
 */
function noteFollowing(monitor: HealthMonitor, ctx: CommandContext): void {
  if (monitor.leading) return;
  const holder = monitor.leader();
  const who = holder ? `${holder.label} (pid ${holder.pid})` : 'another monitor';
  ctx.note(`${capitalize(who)} is monitoring this workspace; showing the state it recorded.`);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `--watch`: a snapshot, then every status change (and with --json every check) until a signal. */
async function watch(monitor: HealthMonitor, first: TargetHealth[], json: boolean, ctx: CommandContext) {
  const line = (value: unknown) => void ctx.stdout.write(`${JSON.stringify(value)}\n`);
  if (json) line({ type: 'snapshot', at: new Date().toISOString(), targets: first.map(healthJson) });
  else if (first.length > 0) ctx.stdout.write(statusTable(first, Date.now()));
  monitor.on('status-change', (change) => {
    if (json) line(changeJson(change));
    else {
      ctx.stdout.write(
        `${new Date(change.at).toISOString()}  ${change.projectId}/${change.targetId}  ${change.from} → ${change.to}: ${change.reason}\n`,
      );
    }
  });
  if (json) {
    monitor.on('sample', ({ target, sample, status }) =>
      line({
        type: 'sample',
        projectId: target.projectId,
        targetId: target.targetId,
        at: new Date(sample.at).toISOString(),
        ok: sample.ok,
        httpStatus: sample.httpStatus,
        latencyMs: sample.latencyMs,
        status: status.status,
      }),
    );
  }
  await monitor.start();
  if (monitor.leading)
    ctx.note(`Checking every ${monitor.settings.intervalMs / 1000} s. Press Ctrl+C to stop.`);
  else ctx.note('Printing the status changes it records. Press Ctrl+C to stop.');
  monitor.on('leading', (leading) =>
    ctx.note(
      leading
        ? `Now checking every ${monitor.settings.intervalMs / 1000} s: the other monitor stopped.`
        : 'Another monitor took over the checks; printing the status changes it records.',
    ),
  );
  await untilInterrupted();
  await monitor.stop();
  const last = monitor.health();
  return { data: { type: 'stopped', targets: last.map(healthJson) }, text: '' };
}
