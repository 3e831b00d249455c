import { FolderPlus, X } from 'lucide-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { fieldErrors } from '../api/api-error.js';
import { useProjects } from '../stores/projects-store.js';
import { navigate } from '../use-route.js';
import { useEscapeToClose } from './dialog.js';
import { Button, Field, FormError, INPUT } from './ui.js';

const PROJECT_FIELDS = ['name', 'description', 'folder'] as const;

/** The "New project" form: the server's validation message lands under the field it is about. */
export function NewProjectDialog({ onClose }: { onClose: () => void }) {
  const create = useProjects((s) => s.create);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [folder, setFolder] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => nameRef.current?.focus(), []);
  useEscapeToClose(onClose);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const project = await create({
        name,
        description,
        ...(folder.trim() ? { folder: folder.trim() } : {}),
      });
      onClose();
      navigate({ page: 'project', projectId: project.id });
    } catch (error) {
      setErrors(fieldErrors(error, PROJECT_FIELDS));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center bg-slate-900/40 px-4 pt-24">
      <form
        onSubmit={submit}
        role="dialog"
        aria-modal="true"
        aria-labelledby="new-project-title"
        className="w-full max-w-lg rounded-xl bg-white shadow-2xl ring-1 ring-slate-900/10"
      >
        <header className="flex items-center justify-between border-b border-slate-100 px-5 py-4">
          <h2 id="new-project-title" className="flex items-center gap-2 text-base font-semibold">
            <FolderPlus className="size-4 text-indigo-600" aria-hidden /> New project
          </h2>
          <button
            type="button"
            onClick={onClose}
            className="rounded p-1 text-slate-400 hover:text-slate-700"
            aria-label="Close"
          >
            <X className="size-4" />
          </button>
        </header>
        <div className="space-y-4 px-5 py-4">
          <FormError message={errors._form} />
          <Field
            label="Name"
            htmlFor="project-name"
            error={errors.name}
            hint="Letters, digits, spaces, ., _ and -"
          >
            <input
              id="project-name"
              ref={nameRef}
              className={INPUT}
              value={name}
              aria-invalid={errors.name ? true : undefined}
              onChange={(e) => setName(e.target.value)}
              placeholder="visualhive-prod"
            />
          </Field>
          <Field label="Description" htmlFor="project-description" error={errors.description}>
            <textarea
              id="project-description"
              className={`${INPUT} min-h-20`}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              placeholder="What this project does"
            />
          </Field>
          <Field
            label="Folder"
            htmlFor="project-folder"
            error={errors.folder}
            hint="Optional. Defaults to $CATALYST_HOME/projects/<name>."
          >
            <input
              id="project-folder"
              className={`${INPUT} font-mono`}
              value={folder}
              onChange={(e) => setFolder(e.target.value)}
              placeholder="~/code/my-project"
            />
          </Field>
        </div>
        <footer className="flex justify-end gap-2 rounded-b-xl border-t border-slate-100 bg-slate-50 px-5 py-3">
          <Button onClick={onClose}>Cancel</Button>
          <Button tone="primary" type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create project'}
          </Button>
        </footer>
      </form>
    </div>
  );
}
