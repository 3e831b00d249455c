import { KeyRound, Workflow } from 'lucide-react';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { studioToken } from './api/instance.js';
import { connectLiveEvents } from './api/live-events.js';
import { NewProjectDialog } from './components/new-project-dialog.js';
import { ProjectSelector } from './components/project-selector.js';
import { Toasts } from './components/toasts.js';
import { useDeploys } from './deploy/deploy-store.js';
import { useDrafts } from './draft/draft-store.js';
import { acceptHealthEvent } from './health/live-health.js';
import { Dashboard } from './pages/dashboard.js';
import { useLive } from './stores/live-store.js';
import { useProject } from './stores/project-store.js';
import { useProjects } from './stores/projects-store.js';
import { useRoute } from './use-route.js';

// Pages other than the dashboard load on first visit: the canvas (React Flow), the code preview
// (shiki) and the charts would otherwise sit in the bundle the dashboard waits for.
const EditorPage = lazy(() => import('./editor/editor-page.js').then((m) => ({ default: m.EditorPage })));
const CodePreview = lazy(() => import('./pages/code-preview.js').then((m) => ({ default: m.CodePreview })));
const ProjectDetailPage = lazy(() =>
  import('./pages/project-detail.js').then((m) => ({ default: m.ProjectDetailPage })),
);
const SettingsPage = lazy(() => import('./pages/settings.js').then((m) => ({ default: m.SettingsPage })));

function useLiveUpdates(token: string) {
  useEffect(() => {
    const live = useLive.getState();
    return connectLiveEvents(
      token,
      (event) => {
        if (event.type === 'generate') return live.pushGenerate(event);
        if (event.type === 'deploy') return useDeploys.getState().accept(event);
        if (event.type === 'draft') return useDrafts.getState().accept(event);
        if (event.type === 'health') return acceptHealthEvent(event);
        // Any change can alter a dashboard card; a project change also reloads the open project.
        void useProjects.getState().load();
        const open = useProject.getState();
        if (event.type === 'project' && open.projectId === event.projectId) void open.load(event.projectId);
      },
      live.setConnected,
    );
  }, [token]);
}

function NoToken() {
  return (
    <main className="flex min-h-screen items-center justify-center px-6">
      <div className="max-w-md rounded-xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
        <KeyRound className="mx-auto size-8 text-slate-400" aria-hidden />
        <h1 className="mt-3 text-lg font-semibold">Open the studio through its link</h1>
        <p className="mt-2 text-sm text-slate-600">
          For your safety the studio only answers the page opened with the URL that{' '}
          <code>catalyst studio</code> printed in your terminal (it carries a one-time token).
        </p>
      </div>
    </main>
  );
}

export function App() {
  if (!studioToken) return <NoToken />;
  return <Studio token={studioToken} />;
}

function Studio({ token }: { token: string }) {
  const route = useRoute();
  const [creating, setCreating] = useState(false);
  const connected = useLive((s) => s.connected);
  const openNew = useCallback(() => setCreating(true), []);
  const closeNew = useCallback(() => setCreating(false), []);
  useLiveUpdates(token);
  // Once per page load; only the dashboard shows its first twelve cards ahead of the whole list.
  const firstPage = useRef(route.page === 'dashboard');
  useEffect(() => {
    void useProjects.getState().load({ firstPage: firstPage.current });
  }, []);
  const projectId = route.page === 'dashboard' ? null : route.projectId;

  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-6">
          <a href="#/" className="flex items-center gap-2 font-semibold text-slate-900">
            <span className="flex size-7 items-center justify-center rounded-md bg-indigo-600 text-white">
              <Workflow className="size-4" aria-hidden />
            </span>
            Catalyst
            <span className="font-normal text-slate-400">Studio</span>
          </a>
          <ProjectSelector currentId={projectId} onNew={openNew} />
          <span className="flex-1" />
          <span
            className="flex items-center gap-1.5 text-xs text-slate-500"
            title={connected ? 'Changes from the CLI and other tabs appear live' : 'Reconnecting…'}
            data-testid="live-status"
            data-connected={connected}
          >
            <span className={`size-2 rounded-full ${connected ? 'bg-emerald-500' : 'bg-slate-300'}`} />
            {connected ? 'Live' : 'Offline'}
          </span>
        </div>
      </header>
      {route.page === 'dashboard' && <Dashboard onNew={openNew} />}
      <Suspense fallback={<p className="px-6 py-6 text-sm text-slate-500">Loading…</p>}>
        {route.page === 'project' && <ProjectDetailPage projectId={route.projectId} />}
        {route.page === 'settings' && <SettingsPage projectId={route.projectId} section={route.section} />}
        {route.page === 'editor' && (
          <EditorPage
            projectId={route.projectId}
            workflowId={route.workflowId}
            {...(route.node ? { node: route.node } : {})}
            {...(route.field ? { field: route.field } : {})}
          />
        )}
        {route.page === 'code' && <CodePreview projectId={route.projectId} targetId={route.targetId} />}
      </Suspense>
      {creating && <NewProjectDialog onClose={closeNew} />}
      <Toasts />
    </div>
  );
}
