import { ScrollText } from 'lucide-react';
import { useEffect, useState } from 'react';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { ProjectDetail } from '../api/types.js';
import { Button, Card } from '../components/ui.js';

const POLL_MS = 2000;
const LINES = 200;

/**
 * A target's run-time logs, one tab per target. Shown on demand; while shown, read again
 * every 2 s (the route answers the last lines of the running app).
 */
export function TargetLogsCard({ project }: { project: ProjectDetail }) {
  const [open, setOpen] = useState(false);
  const [targetId, setTargetId] = useState(project.targets[0]?.id ?? '');
  const [lines, setLines] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open || !targetId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLines(null);
    setError(null);
    const read = async () => {
      try {
        const body = await unwrap(
          api.projects[':projectId'].targets[':targetId'].logs.$get({
            param: { projectId: project.id, targetId },
            query: { lines: String(LINES) },
          }),
        );
        if (!stopped) {
          setLines(body.lines);
          setError(null);
        }
      } catch (e) {
        if (!stopped) setError((e as Error).message);
      }
      if (!stopped) timer = setTimeout(read, POLL_MS);
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [open, targetId, project.id]);

  if (project.targets.length === 0) return null;
  return (
    <Card
      title="Logs"
      actions={
        <Button size="sm" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          <ScrollText className="size-3.5" aria-hidden /> {open ? 'Hide logs' : 'Show logs'}
        </Button>
      }
    >
      {open ? (
        <div className="space-y-2" data-testid="target-logs">
          <div role="tablist" aria-label="Target" className="flex flex-wrap gap-1">
            {project.targets.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                aria-selected={t.id === targetId}
                onClick={() => setTargetId(t.id)}
                className={`rounded-md px-2.5 py-1 text-xs font-medium ${t.id === targetId ? 'bg-indigo-50 text-indigo-700 ring-1 ring-indigo-200' : 'text-slate-600 hover:bg-slate-100'}`}
              >
                {t.name}
              </button>
            ))}
          </div>
          {error ? (
            <p className="text-sm text-red-700" role="alert">
              {error}
            </p>
          ) : lines === null ? (
            <p className="text-sm text-slate-500">Reading logs…</p>
          ) : lines.length === 0 ? (
            <p className="text-sm text-slate-500">
              No logs: the target is not running or has written nothing yet.
            </p>
          ) : (
            <pre
              role="log"
              className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-900 p-3 font-mono text-[11px] leading-4 text-slate-100"
            >
              {lines.join('\n')}
            </pre>
          )}
        </div>
      ) : (
        <p className="text-sm text-slate-500">
          The last {LINES} lines of a running target, refreshed every 2 s.
        </p>
      )}
    </Card>
  );
}
