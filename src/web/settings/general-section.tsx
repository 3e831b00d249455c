import { type FormEvent, useState } from 'react';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { ProjectDetail } from '../api/types.js';
import { Button, Card, Field, FormError, INPUT } from '../components/ui.js';
import { useProject } from '../stores/project-store.js';
import { useAction } from './use-action.js';

const GENERAL_FIELDS = ['name', 'description', 'repoUrl'] as const;

export function GeneralSection({ project }: { project: ProjectDetail }) {
  const accept = useProject((s) => s.accept);
  const [name, setName] = useState(project.name);
  const [description, setDescription] = useState(project.description);
  const [repoUrl, setRepoUrl] = useState(project.git.repoUrl ?? '');
  const { errors, busy, run } = useAction(GENERAL_FIELDS);

  function save(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const res = await unwrap(
        api.projects[':projectId'].$patch({
          param: { projectId: project.id },
          json: { name, description, repoUrl },
        }),
      );
      accept(res.project);
    }, 'Project saved');
  }

  return (
    <Card title="General">
      <form onSubmit={save} className="max-w-xl space-y-4">
        <FormError message={errors._form} />
        <Field label="Name" htmlFor="general-name" error={errors.name}>
          <input id="general-name" className={INPUT} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Description" htmlFor="general-description" error={errors.description}>
          <textarea
            id="general-description"
            className={`${INPUT} min-h-20`}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Field>
        <Field
          label="Repository URL"
          htmlFor="general-repo"
          error={errors.repoUrl}
          hint="Shown on the project page as a link."
        >
          <input
            id="general-repo"
            className={INPUT}
            value={repoUrl}
            placeholder="https://github.com/acme/app"
            onChange={(e) => setRepoUrl(e.target.value)}
          />
        </Field>
        <p className="text-xs text-slate-500">
          Folder: <code className="font-mono">{project.folder}</code>
        </p>
        <Button tone="primary" type="submit" disabled={busy}>
          Save changes
        </Button>
      </form>
    </Card>
  );
}
