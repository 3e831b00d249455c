export interface HealthWait {
  url: string;
  timeoutMs: number;
  /** Checked between attempts: stop waiting when the app has already exited. */
  exited?: () => boolean;
  intervalMs?: number;
  /** When the timeout started (Date.now()); now unless told, e.g. when the app was started earlier. */
  since?: number;
}

export type HealthOutcome = { ok: true; body: unknown } | { ok: false; reason: string };

/** One GET of `/health`; healthy means HTTP 200 with `status: "healthy"` (DESIGN §7). */
export async function probeHealth(url: string, timeoutMs = 5_000): Promise<HealthOutcome> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
    const text = await response.text();
    if (response.status !== 200) return { ok: false, reason: `HTTP ${response.status}` };
    const body = JSON.parse(text) as { status?: unknown };
    if (body.status !== 'healthy') return { ok: false, reason: `status ${JSON.stringify(body.status)}` };
    return { ok: true, body };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

/** Polls until the app answers healthy, the timeout passes or the process is gone. */
export async function waitForHealth(wait: HealthWait): Promise<HealthOutcome> {
  const deadline = (wait.since ?? Date.now()) + wait.timeoutMs;
  let last: HealthOutcome = { ok: false, reason: 'no answer yet' };
  while (Date.now() < deadline) {
    if (wait.exited?.()) return { ok: false, reason: 'the app exited' };
    last = await probeHealth(wait.url, Math.max(250, Math.min(2_000, deadline - Date.now())));
    if (last.ok) return last;
    await new Promise((r) => setTimeout(r, wait.intervalMs ?? 200));
  }
  return {
    ok: false,
    reason: `no healthy answer within ${Math.round(wait.timeoutMs / 1000)}s (last: ${last.reason})`,
  };
}
