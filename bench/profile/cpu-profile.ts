import { Session } from 'node:inspector/promises';

/** A V8 CPU profile as the inspector returns it (the parts read here). */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }>;
  startTime: number;
  endTime: number;
}

/** Runs `work` under V8's sampling profiler (in this process) and returns the profile. */
export async function profileCpu<T>(work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    return { result, profile };
  } finally {
    session.disconnect();
  }
}

/**
 * The functions with the most self time, as text lines: `self % · total % · function (file:line)`.
 * Total time counts a function once per sample even when it recurses. Paths are made relative to `root`.
 */
export function topFunctions(profile: CpuProfile, root: string, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0) || 1;
  const key = (n: CpuProfile['nodes'][number]) => {
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(`${root}/`, '');
    return `${n.callFrame.functionName || '(anonymous)'} (${url || 'native'}:${n.callFrame.lineNumber + 1})`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    self.set(key(n), (self.get(key(n)) ?? 0) + hits);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const k = key(byId.get(id)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + hits);
    }
  }
  const pct = (v: number) => `${((v / total) * 100).toFixed(1).padStart(5)} %`;
  const lines = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${pct(v)} self · ${pct(inclusive.get(k) ?? v)} total · ${k}`);
  const ms = (profile.endTime - profile.startTime) / 1000;
  return [`V8 CPU profile, ${ms.toFixed(0)} ms, ${total} samples; by self time:`, ...lines].join('\n');
}
