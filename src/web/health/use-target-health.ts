import { useEffect, useRef, useState } from 'react';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import { tickKey, useHealthTicks } from './health-ticks.js';

export type HealthRange = '1h' | '24h' | '7d' | '30d';

async function fetchAll(projectId: string, targetId: string, range: HealthRange) {
  const target = api.projects[':projectId'].targets[':targetId'];
  const param = { projectId, targetId };
  const [summary, history, events] = await Promise.all([
    unwrap(target.health.$get({ param })),
    unwrap(target.health.history.$get({ param, query: { range } })),
    unwrap(target.health.events.$get({ param, query: { limit: '20' } })),
  ]);
  return { health: summary.health, history, changes: events.changes };
}

export type TargetHealthData = Awaited<ReturnType<typeof fetchAll>>;

/** Reloads at most this often while checks stream in. */
const MIN_RELOAD_MS = 2_000;

/** A target's health summary, chart points and status changes, refreshed as live checks arrive. */
export function useTargetHealth(projectId: string, targetId: string | null, range: HealthRange) {
  const [data, setData] = useState<TargetHealthData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tick = useHealthTicks((s) => (targetId ? (s.ticks[tickKey(projectId, targetId)] ?? 0) : 0));
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Declared first: a new target or range loads at once, not after the throttle.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new target or range is the reason to reset
  useEffect(() => {
    setData(null);
    last.current = 0;
  }, [projectId, targetId, range]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the reason to reload
  useEffect(() => {
    if (!targetId) return;
    let cancelled = false;
    const load = () => {
      last.current = Date.now();
      fetchAll(projectId, targetId, range).then(
        (d) => {
          if (!cancelled) {
            setData(d);
            setError(null);
          }
        },
        (e: Error) => !cancelled && setError(e.message),
      );
    };
    const wait = MIN_RELOAD_MS - (Date.now() - last.current);
    if (wait <= 0) load();
    else pending.current = setTimeout(load, wait);
    return () => {
      cancelled = true;
      if (pending.current) clearTimeout(pending.current);
    };
  }, [projectId, targetId, range, tick]);

  return { data, error };
}
