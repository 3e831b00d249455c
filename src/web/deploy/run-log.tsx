import { CheckCircle2, Loader2, XCircle } from 'lucide-react';
import { type ReactNode, useEffect, useRef } from 'react';
import type { DeployRun } from './deploy-store.js';

const STATE_LOOK = {
  running: { Icon: Loader2, className: 'animate-spin text-indigo-600', label: 'Running' },
  success: { Icon: CheckCircle2, className: 'text-emerald-600', label: 'Succeeded' },
  failed: { Icon: XCircle, className: 'text-red-600', label: 'Failed' },
} as const;

/**
 * The live log of one deploy action, following its end like `tail -f`. A run that ended before
 * writing a line shows no (empty) log box; `problems` replaces the error line (a list of what to fix).
 */
export function RunLog({ run, problems }: { run: DeployRun; problems?: ReactNode }) {
  const end = useRef<HTMLDivElement>(null);
  const { Icon, className, label } = STATE_LOOK[run.state];
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever a line arrives
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'nearest' });
  }, [run.lines.length]);
  return (
    <div className="space-y-2" data-testid="run-log" data-state={run.state}>
      <p className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <Icon className={`size-4 ${className}`} aria-hidden />
        <span data-testid="run-state">{label}</span>
        {run.deploymentId && <span className="font-mono text-xs text-slate-500">{run.deploymentId}</span>}
      </p>
      {(run.lines.length > 0 || run.state === 'running') && (
        <div
          className="h-72 overflow-auto rounded-md bg-slate-950 px-3 py-2 font-mono text-[12px] leading-5 text-slate-100"
          role="log"
          aria-live="polite"
          aria-label="Deploy log"
        >
          {run.lines.length === 0 && run.state === 'running' && <p className="text-slate-400">Starting…</p>}
          {run.lines.map((line, i) => (
            // Lines only ever append, so the index is a stable key.
            // biome-ignore lint/suspicious/noArrayIndexKey: append-only log
            <p key={i} className="whitespace-pre-wrap break-all" data-testid="log-line">
              {line}
            </p>
          ))}
          <div ref={end} />
        </div>
      )}
      {run.state === 'failed' && problems}
      {run.state === 'failed' && !problems && run.error && (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
          {run.error}
        </p>
      )}
    </div>
  );
}
