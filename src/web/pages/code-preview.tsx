import { CheckCircle2, Download, Loader2, Play, XCircle } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, apiErrorFrom } from '../api/api-error.js';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { GeneratedListing, ProjectDetail } from '../api/types.js';
import { ProblemList, useProjectProblems } from '../components/problem-list.js';
import { Button, Card, Empty, FormError } from '../components/ui.js';
import { count, languageOf, milliseconds } from '../format.js';
import { buildTree, defaultFile } from '../preview/file-tree.js';
import { FileTreeView } from '../preview/file-tree-view.js';
import { highlight } from '../preview/highlight.js';
import { stageChips } from '../preview/stage-chips.js';
import { routeHref } from '../router.js';
import { useLive } from '../stores/live-store.js';
import { navigate } from '../use-route.js';
import { ProjectFrame } from './project-frame.js';

const NO_EVENTS: never[] = [];

function useListing(projectId: string, targetId: string | null) {
  const [listing, setListing] = useState<GeneratedListing | null>(null);
  const reload = useCallback(async () => {
    if (!targetId) return;
    try {
      setListing(
        await unwrap(
          api.projects[':projectId'].targets[':targetId'].generated.$get({ param: { projectId, targetId } }),
        ),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setListing({ files: [], summary: null });
      else throw error;
    }
  }, [projectId, targetId]);
  useEffect(() => {
    setListing(null);
    void reload();
  }, [reload]);
  return { listing, reload };
}

function Viewer({ projectId, targetId, path }: { projectId: string; targetId: string; path: string }) {
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setHtml(null);
    setError(null);
    unwrap(
      api.projects[':projectId'].targets[':targetId'].generated.file.$get({
        param: { projectId, targetId },
        query: { path },
      }),
    )
      .then((file) => highlight(file.content, languageOf(file.path)))
      .then((h) => live && setHtml(h))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [projectId, targetId, path]);
  if (error) return <FormError message={error} />;
  if (html === null)
    return (
      <p className="flex items-center gap-2 p-4 text-sm text-slate-500">
        <Loader2 className="size-4 animate-spin" aria-hidden /> Loading {path}…
      </p>
    );
  return (
    <div
      className="overflow-auto p-3 text-xs leading-5"
      data-testid="code-view"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: shiki escapes the file's text; the markup is its own.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

function Generator({ project, targetId }: { project: ProjectDetail; targetId: string }) {
  const { listing, reload } = useListing(project.id, targetId);
  const [runId, setRunId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A failed generation leaves the previous files on disk; they are not this project's code any more.
  const [failed, setFailed] = useState(false);
  const problems = useProjectProblems(project.id, error) ?? [];
  const [selected, setSelected] = useState<string | null>(null);
  // A stable empty array: zustand re-renders whenever the selected value changes identity.
  const events = useLive((s) => (runId ? (s.generateEvents[runId] ?? NO_EVENTS) : NO_EVENTS));
  const paths = useMemo(() => listing?.files.map((f) => f.path) ?? [], [listing]);
  const tree = useMemo(() => buildTree(paths), [paths]);
  const shown = selected && paths.includes(selected) ? selected : defaultFile(paths);

  async function generate() {
    const id = `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    setRunId(id);
    setRunning(true);
    setError(null);
    setFailed(false);
    try {
      await unwrap(
        api.projects[':projectId'].targets[':targetId'].generate.$post({
          param: { projectId: project.id, targetId },
          json: { runId: id },
        }),
      );
      await reload();
    } catch (e) {
      setError((e as Error).message);
      setFailed(true);
    } finally {
      setRunning(false);
    }
  }

  async function download() {
    const res = await api.projects[':projectId'].targets[':targetId'].generated.zip.$get({
      param: { projectId: project.id, targetId },
    });
    if (!res.ok) return setError((await apiErrorFrom(res as unknown as Response)).message);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${project.name}-${targetId}.zip`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  const stages = stageChips(events, failed);
  const summary = failed ? null : (listing?.summary ?? null);

  return (
    <div className="space-y-5">
      <div className="flex items-center gap-2">
        <Button tone="primary" onClick={() => void generate()} disabled={running}>
          {running ? (
            <Loader2 className="size-4 animate-spin" aria-hidden />
          ) : (
            <Play className="size-4" aria-hidden />
          )}
          {running ? 'Generating…' : 'Generate'}
        </Button>
        <Button onClick={() => void download()} disabled={paths.length === 0 || running || failed}>
          <Download className="size-4" aria-hidden /> Download .zip
        </Button>
        <span className="text-xs text-slate-500">
          Writes to <code className="font-mono">.catalyst/generated/{targetId}</code>
        </span>
      </div>
      {failed && problems.length > 0 ? (
        <div
          className="rounded-lg border border-red-200 bg-white shadow-sm"
          role="alert"
          data-testid="generate-problems"
        >
          <p className="border-b border-red-100 bg-red-50 px-4 py-2 text-sm font-medium text-red-800">
            Not generated: {problems.length} problem{problems.length === 1 ? '' : 's'} to fix first
          </p>
          <ProblemList projectId={project.id} problems={problems} />
        </div>
      ) : (
        <FormError message={error} />
      )}
      {events.length > 0 && (
        <ol className="flex flex-wrap gap-2" data-testid="generate-progress" aria-label="Generation progress">
          {stages.map(([stage, status]) => (
            <li
              key={stage}
              className={`flex items-center gap-1.5 rounded-md px-2 py-1 text-xs ring-1 ${status === 'error' ? 'bg-red-50 text-red-800 ring-red-200' : 'bg-white ring-slate-200'}`}
              data-stage={stage}
              data-status={status}
              title={`${stage} ${status === 'start' ? 'running' : status === 'done' ? 'done' : 'failed'}`}
            >
              {status === 'start' && <Loader2 className="size-3 animate-spin text-indigo-600" aria-hidden />}
              {status === 'done' && <CheckCircle2 className="size-3 text-emerald-600" aria-hidden />}
              {status === 'error' && <XCircle className="size-3 text-red-600" aria-hidden />}
              {stage}
            </li>
          ))}
        </ol>
      )}
      {summary && (
        <dl
          className="flex flex-wrap gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-3 text-xs shadow-sm"
          data-testid="generate-summary"
        >
          <div>
            <dt className="text-slate-500">Files</dt>
            <dd className="text-sm font-semibold">{count(summary.files)}</dd>
          </div>
          {Object.entries(summary.linesByKind).map(([kind, lines]) => (
            <div key={kind}>
              <dt className="text-slate-500">{kind} lines</dt>
              <dd className="text-sm font-semibold">{count(lines ?? 0)}</dd>
            </div>
          ))}
          <span className="w-px self-stretch bg-slate-200" />
          {summary.stages.map((s) => (
            <div key={s.stage}>
              <dt className="text-slate-500">{s.stage}</dt>
              <dd className="text-sm font-semibold tabular-nums">{milliseconds(s.ms)}</dd>
            </div>
          ))}
          <div>
            <dt className="text-slate-500">total</dt>
            <dd className="text-sm font-semibold tabular-nums">{milliseconds(summary.totalMs)}</dd>
          </div>
        </dl>
      )}
      {summary?.warnings?.map((warning) => (
        <p
          key={warning}
          role="status"
          className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
          data-testid="generate-warning"
        >
          {warning}
        </p>
      ))}
      {listing === null || failed ? null : paths.length === 0 ? (
        <Card>
          <Empty icon={<Play className="size-6" />} title="Nothing generated yet for this target">
            Press Generate to write the app and browse its files here.
          </Empty>
        </Card>
      ) : (
        <div className="grid h-[36rem] grid-cols-[16rem_1fr] overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <nav
            className="overflow-y-auto border-r border-slate-100 p-2"
            aria-label="Generated files"
            data-testid="file-tree"
          >
            <FileTreeView nodes={tree} selected={shown} onSelect={setSelected} />
          </nav>
          <div className="flex min-w-0 flex-col">
            <div className="border-b border-slate-100 px-3 py-2 font-mono text-xs text-slate-600">
              {shown}
            </div>
            {shown && <Viewer projectId={project.id} targetId={targetId} path={shown} />}
          </div>
        </div>
      )}
    </div>
  );
}

export function CodePreview({ projectId, targetId }: { projectId: string; targetId: string | null }) {
  return (
    <ProjectFrame projectId={projectId} crumb="Generated code">
      {(project) => {
        const current = targetId ?? project.targets[0]?.id ?? null;
        return (
          <div className="space-y-5">
            <div className="flex items-center gap-4">
              <h1 className="text-lg font-semibold">Generated code</h1>
              <div className="flex gap-1 rounded-lg bg-slate-100 p-1" role="tablist" aria-label="Target">
                {project.targets.map((t) => (
                  <button
                    key={t.id}
                    type="button"
                    role="tab"
                    aria-selected={t.id === current}
                    onClick={() => navigate({ page: 'code', projectId, targetId: t.id })}
                    className={`rounded-md px-3 py-1 text-sm ${t.id === current ? 'bg-white font-medium shadow-sm' : 'text-slate-600 hover:text-slate-900'}`}
                  >
                    {t.name}
                  </button>
                ))}
              </div>
            </div>
            {current ? (
              <Generator key={current} project={project} targetId={current} />
            ) : (
              <Card>
                <Empty icon={null} title="No deployment targets">
                  <a
                    className="text-indigo-600 hover:underline"
                    href={routeHref({ page: 'settings', projectId, section: 'targets' })}
                  >
                    Add a target
                  </a>{' '}
                  to generate an app.
                </Empty>
              </Card>
            )}
          </div>
        );
      }}
    </ProjectFrame>
  );
}
