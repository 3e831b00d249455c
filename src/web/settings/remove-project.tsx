import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { ProjectDetail } from '../api/types.js';
import { useEscapeToClose } from '../components/dialog.js';
import { Button, Card, FormError, INPUT } from '../components/ui.js';
import { routeHref } from '../router.js';
import { useProjects } from '../stores/projects-store.js';
import { useToasts } from '../stores/toast-store.js';

/** The settings card that takes a project off the studio, with or without its folder. */
export function RemoveProjectCard({ project }: { project: ProjectDetail }) {
  const [open, setOpen] = useState(false);
  return (
    <Card title="Remove project" className="mt-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="min-w-0 flex-1 text-sm text-slate-600">
          Take {project.name} off this workspace. Its folder stays unless you choose to delete it too.
        </p>
        <Button tone="danger" onClick={() => setOpen(true)}>
          <Trash2 className="size-4" aria-hidden /> Remove project
        </Button>
      </div>
      {open && <RemoveProjectDialog project={project} onClose={() => setOpen(false)} />}
    </Card>
  );
}

function RemoveProjectDialog({ project, onClose }: { project: ProjectDetail; onClose: () => void }) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEscapeToClose(onClose);
  const nameMatches = typed === project.name;

  async function remove(deleteFolder: boolean) {
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        api.projects[':projectId'].$delete({
          param: { projectId: project.id },
          query: { deleteFolder: deleteFolder ? 'true' : 'false' },
        }),
      );
      useToasts
        .getState()
        .show(
          deleteFolder ? `Deleted ${project.name} and its folder` : `Removed ${project.name} from the studio`,
        );
      window.location.hash = routeHref({ page: 'dashboard' });
      void useProjects.getState().load();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center bg-slate-900/40 px-4 pt-24">
      <div
        role="dialog"
        aria-modal="true"
        aria-label={`Remove ${project.name}`}
        className="w-full max-w-lg space-y-4 rounded-xl bg-white p-5 shadow-2xl ring-1 ring-slate-900/10"
        data-testid="remove-project-dialog"
      >
        <h2 className="text-base font-semibold">Remove {project.name}</h2>
        <section className="space-y-2">
          <p className="text-sm text-slate-600">
            The studio stops listing it; the folder{' '}
            <code className="font-mono text-xs">{project.folder}</code> and its git history stay, and
            registering the folder again brings it back.
          </p>
          <Button disabled={busy} onClick={() => void remove(false)}>
            Unregister only (keep the folder)
          </Button>
        </section>
        <section className="space-y-2 rounded-md border border-red-200 bg-red-50/50 p-3">
          <p className="text-sm text-red-800">
            Deleting the folder removes its files, its git history and its stored secret values. This cannot
            be undone.
          </p>
          <label htmlFor="remove-confirm-name" className="block text-xs font-medium text-slate-700">
            Type <span className="font-mono">{project.name}</span> to confirm
          </label>
          <input
            id="remove-confirm-name"
            className={INPUT}
            value={typed}
            autoComplete="off"
            onChange={(e) => setTyped(e.target.value)}
          />
          <Button tone="danger" disabled={busy || !nameMatches} onClick={() => void remove(true)}>
            <Trash2 className="size-4" aria-hidden /> Delete the folder
          </Button>
        </section>
        <FormError message={error} />
        <div className="flex justify-end">
          <Button tone="ghost" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </div>
    </div>
  );
}
