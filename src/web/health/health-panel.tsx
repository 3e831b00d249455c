import { ArrowRight, HeartPulse } from 'lucide-react';
import { useState } from 'react';
import type { ProjectDetail } from '../api/types.js';
import { HealthBadge } from '../components/health-badge.js';
import { Card, Empty, Stat } from '../components/ui.js';
import { milliseconds, percent, timeAgo } from '../format.js';
import { ResponseTimeChart, UptimeChart } from './health-charts.js';
import { type HealthRange, type TargetHealthData, useTargetHealth } from './use-target-health.js';

const RANGES: HealthRange[] = ['1h', '24h', '7d', '30d'];

/** Targets there is something to measure on: deployed once, given a URL, or already checked. */
function monitoredTargets(project: ProjectDetail) {
  return project.runtime.filter(
    (r) => r.status !== 'never' || r.url !== null || r.health.status !== 'unknown',
  );
}

function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
  render = (o) => o,
}: {
  label: string;
  options: T[];
  value: T;
  onChange: (v: T) => void;
  render?: (o: T) => string;
}) {
  return (
    <div className="flex rounded-md bg-slate-100 p-0.5" title={label}>
      {options.map((o) => (
        <button
          key={o}
          type="button"
          aria-pressed={o === value}
          onClick={() => onChange(o)}
          className={`rounded px-2 py-0.5 text-xs font-medium ${
            o === value ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-500 hover:text-slate-800'
          }`}
        >
          {render(o)}
        </button>
      ))}
    </div>
  );
}

function domain(data: TargetHealthData): [number, number] {
  return [Date.parse(data.history.from), Date.parse(data.history.to)];
}

/** The detail view's health: the monitor's numbers, charts over time and status changes of one target. */
export function HealthPanel({ project }: { project: ProjectDetail }) {
  const targets = monitoredTargets(project);
  const names = new Map(project.targets.map((t) => [t.id, t.name]));
  const [chosen, setChosen] = useState<string | null>(null);
  const [range, setRange] = useState<HealthRange>('24h');
  const targetId =
    (chosen && targets.some((t) => t.targetId === chosen) ? chosen : null) ??
    (targets.some((t) => t.targetId === project.mainTargetId) ? project.mainTargetId : null) ??
    targets[0]?.targetId ??
    null;
  const { data, error } = useTargetHealth(project.id, targetId, range);
  const h = data?.health ?? null;
  const spanDays = range === '7d' || range === '30d';

  const actions = (
    <div className="flex items-center gap-2">
      {targets.length > 1 && targetId && (
        <Segmented
          label="Target"
          options={targets.map((t) => t.targetId)}
          value={targetId}
          onChange={setChosen}
          render={(id) => names.get(id) ?? id}
        />
      )}
      {targetId && <Segmented label="Range" options={RANGES} value={range} onChange={setRange} />}
      <HealthBadge status={h?.status ?? 'unknown'} />
    </div>
  );

  return (
    <Card title="Health" actions={actions}>
      {targetId === null ? (
        <Empty icon={<HeartPulse className="size-6" />} title="No data yet">
          Health checks start once a target is deployed.
        </Empty>
      ) : (
        <div className="space-y-4" data-testid="health-panel" data-target={targetId}>
          {error && (
            <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
              {error}
            </p>
          )}
          <dl className="grid grid-cols-3 gap-3 sm:grid-cols-6">
            <Stat label="Uptime 24h" value={percent(h?.uptime24hPercent ?? null, 2)} />
            <Stat label="Uptime 7d" value={percent(h?.uptime7dPercent ?? null, 2)} />
            <Stat label="Avg response" value={milliseconds(h?.avgResponseMs ?? null)} />
            <Stat label="p95 response" value={milliseconds(h?.p95ResponseMs ?? null)} />
            <Stat
              label="Error rate"
              value={percent(h?.errorRatePercent ?? null, 2)}
              {...(h?.errorRateSource
                ? { note: h.errorRateSource === 'app' ? 'app counters' : 'failed checks' }
                : {})}
            />
            <Stat label="Last checked" value={timeAgo(h?.lastCheckedAt ?? null)} />
          </dl>
          {h && (
            <p className="truncate text-xs text-slate-500" data-testid="health-reason">
              {h.reason}
              {h.lastError ? ` — ${h.lastError}` : ''}
            </p>
          )}
          {data && data.history.points.length > 0 ? (
            <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
              <ResponseTimeChart points={data.history.points} domain={domain(data)} spanDays={spanDays} />
              <UptimeChart points={data.history.points} domain={domain(data)} spanDays={spanDays} />
            </div>
          ) : (
            <p className="text-xs text-slate-500">No checks in this range yet.</p>
          )}
          <div>
            <h3 className="mb-1 text-xs font-medium text-slate-600">Status changes</h3>
            {data && data.changes.length > 0 ? (
              <ul className="divide-y divide-slate-100 text-xs" data-testid="status-changes">
                {data.changes.map((c) => (
                  <li key={`${c.at}${c.to}`} className="flex items-center gap-2 py-1.5">
                    <span className="w-24 shrink-0 text-slate-500" title={c.at}>
                      {timeAgo(c.at)}
                    </span>
                    <HealthBadge status={c.from} />
                    <ArrowRight className="size-3 shrink-0 text-slate-400" aria-hidden />
                    <HealthBadge status={c.to} />
                    <span className="min-w-0 truncate text-slate-600" title={c.reason}>
                      {c.reason}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-xs text-slate-500">None yet.</p>
            )}
          </div>
        </div>
      )}
    </Card>
  );
}
