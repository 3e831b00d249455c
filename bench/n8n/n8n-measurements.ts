import { perCallCostUs } from '../lib/call-cost.js';
import type { LoadSample } from '../lib/load.js';
import type { Measurement } from '../lib/results.js';
import { median, paired } from '../lib/stats.js';
import { measure } from '../lib/targets.js';

const rps = (s: readonly LoadSample[]) => s.map((x) => x.rps);

/** One report per n8n config: both sides' figures, the sub-workflow overheads, and the ratios. */
export function n8nMeasurements(
  cfg: string,
  samples: ReadonlyMap<string, readonly LoadSample[]>,
): Measurement[] {
  const get = (label: string) => {
    const s = samples.get(label);
    if (!s?.length) throw new Error(`no samples for ${label}`);
    return s;
  };
  const [gFlat, gParent, nFlat, nParent] = [
    get('gen-flat'),
    get('gen-parent'),
    get(`n8n-${cfg}-flat`),
    get(`n8n-${cfg}-parent`),
  ];
  const out: Measurement[] = [];
  for (const [name, s] of [
    [`n8n (${cfg}) flat`, nFlat],
    [`n8n (${cfg}) with sub-workflow`, nParent],
    ['generated flat', gFlat],
    ['generated with local call', gParent],
  ] as const) {
    out.push(
      measure(`${name}: requests/s`, rps(s), { unit: 'req/s' }),
      measure(
        `${name}: p50 latency`,
        s.map((x) => x.p50Ms),
        { unit: 'ms' },
      ),
      measure(
        `${name}: p99 latency`,
        s.map((x) => x.p99Ms),
        { unit: 'ms' },
      ),
    );
  }
  const n8nCall = paired(rps(nParent), rps(nFlat), (c, f) => perCallCostUs(c, f, 1) / 1000);
  const genCall = paired(rps(gParent), rps(gFlat), (c, f) => perCallCostUs(c, f, 1));
  out.push(
    measure(`n8n (${cfg}): cost of one sub-workflow execution`, n8nCall, {
      unit: 'ms',
      note: '1/rps_with_sub − 1/rps_flat, per round',
    }),
    measure('generated: cost of one local call', genCall, {
      unit: 'µs',
      note: '1/rps_with_call − 1/rps_flat, per round',
    }),
    measure(
      'generated / n8n requests/s, flat',
      paired(rps(gFlat), rps(nFlat), (g, n) => g / n),
      { unit: '×' },
    ),
    measure(
      'generated / n8n requests/s, with sub-workflow',
      paired(rps(gParent), rps(nParent), (g, n) => g / n),
      {
        unit: '×',
      },
    ),
    measure(
      `n8n sub-workflow / generated local call`,
      [(median(n8nCall) * 1000) / Math.max(median(genCall), 1)],
      {
        unit: '×',
        note: 'ratio of the median costs; a local call below 1 µs counts as 1 µs',
      },
    ),
  );
  return out;
}
