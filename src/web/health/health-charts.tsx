import { format } from 'date-fns';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TargetHealthData } from './use-target-health.js';

type Point = TargetHealthData['history']['points'][number];

const AXIS = { fontSize: 11, fill: '#64748b' };

/** Short ticks: clock time within a day, dates beyond. */
function tickFormat(spanDays: boolean) {
  return (value: number) => format(new Date(value), spanDays ? 'MMM d' : 'HH:mm');
}

/** Evenly spaced time ticks over the whole window (recharts would only tick where data is). */
function evenTicks([from, to]: [number, number], count = 5): number[] {
  return Array.from({ length: count }, (_, i) => Math.round(from + ((to - from) * i) / (count - 1)));
}

function rows(points: Point[]) {
  return points.map((p) => ({
    t: Date.parse(p.at),
    avg: p.avgResponseMs,
    max: p.maxResponseMs,
    uptime: Math.round(p.uptimePercent * 10) / 10,
    checks: p.checks,
  }));
}

function tooltipLabel(value: unknown) {
  return typeof value === 'number' ? format(new Date(value), 'MMM d, HH:mm') : String(value);
}

/** Average and slowest response per bucket (recharts; gaps where no check answered). */
interface ChartProps {
  points: Point[];
  /** The window shown, epoch ms: the whole range, so a young target's few points sit at its end. */
  domain: [number, number];
  spanDays: boolean;
}

export function ResponseTimeChart({ points, domain, spanDays }: ChartProps) {
  return (
    <figure aria-label="Response time over time" data-testid="response-chart">
      <figcaption className="mb-1 text-xs font-medium text-slate-600">Response time (ms)</figcaption>
      <div className="h-40">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows(points)} margin={{ top: 6, right: 20, bottom: 0, left: -16 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              domain={domain}
              ticks={evenTicks(domain)}
              interval={0}
              tickFormatter={tickFormat(spanDays)}
              tick={AXIS}
            />
            <YAxis tick={AXIS} allowDecimals={false} />
            <Tooltip labelFormatter={tooltipLabel} formatter={(v) => `${Math.round(Number(v))} ms`} />
            <Line
              type="monotone"
              dataKey="avg"
              name="Average"
              stroke="#4f46e5"
              strokeWidth={2}
              dot={points.length < 3 ? { r: 3 } : false}
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="max"
              name="Slowest"
              stroke="#a5b4fc"
              strokeWidth={1}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Share of good checks per bucket. */
export function UptimeChart({ points, domain, spanDays }: ChartProps) {
  return (
    <figure aria-label="Uptime over time" data-testid="uptime-chart">
      <figcaption className="mb-1 text-xs font-medium text-slate-600">Uptime (%)</figcaption>
      <div className="h-32">
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={rows(points)} margin={{ top: 6, right: 20, bottom: 0, left: -16 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              domain={domain}
              ticks={evenTicks(domain)}
              interval={0}
              tickFormatter={tickFormat(spanDays)}
              tick={AXIS}
            />
            <YAxis tick={AXIS} domain={[0, 100]} ticks={[0, 50, 100]} />
            <Tooltip labelFormatter={tooltipLabel} formatter={(v) => `${v}%`} />
            <Area
              type="stepAfter"
              dataKey="uptime"
              name="Uptime"
              stroke="#059669"
              fill="#d1fae5"
              dot={points.length < 3 ? { r: 3 } : false}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
