import { Trash2, Variable } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { ProjectDetail } from '../api/types.js';
import { Button, Card, Empty, Field, FormError, INPUT } from '../components/ui.js';
import { useProject } from '../stores/project-store.js';
import { useAction } from './use-action.js';

const ENV_FIELDS = ['name', 'value'] as const;

function useEnvWriter(project: ProjectDetail) {
  const reload = useProject((s) => s.load);
  const action = useAction(ENV_FIELDS);
  const put = (name: string, value: string, done: string) =>
    action.run(async () => {
      await unwrap(
        api.projects[':projectId'].env[':name'].$put({
          param: { projectId: project.id, name },
          json: { value },
        }),
      );
      await reload(project.id);
    }, done);
  const remove = (name: string) =>
    action.run(async () => {
      await unwrap(
        api.projects[':projectId'].env[':name'].$delete({ param: { projectId: project.id, name } }),
      );
      await reload(project.id);
    }, `${name} deleted`);
  return { ...action, put, remove };
}

function EnvRow({ project, name, value }: { project: ProjectDetail; name: string; value: string }) {
  const [draft, setDraft] = useState(value);
  const { errors, busy, put, remove } = useEnvWriter(project);
  return (
    <li className="px-3 py-2" data-testid="env-row" data-env={name}>
      <div className="grid grid-cols-[14rem_1fr_auto_auto] items-center gap-3">
        <code className="truncate text-sm font-medium">{name}</code>
        <input
          className={`${INPUT} font-mono`}
          aria-label={`Value of ${name}`}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <Button
          size="sm"
          disabled={busy || draft === value}
          onClick={() => void put(name, draft, `${name} saved`)}
        >
          Save
        </Button>
        <Button size="sm" tone="danger" aria-label={`Delete ${name}`} onClick={() => void remove(name)}>
          <Trash2 className="size-3.5" aria-hidden />
        </Button>
      </div>
      {(errors.value || errors._form) && (
        <p className="mt-1 text-xs text-red-600">{errors.value ?? errors._form}</p>
      )}
    </li>
  );
}

export function EnvSection({ project }: { project: ProjectDetail }) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const { errors, busy, put } = useEnvWriter(project);

  async function add(event: FormEvent) {
    event.preventDefault();
    if (await put(name.trim(), value, 'Variable added')) {
      setName('');
      setValue('');
    }
  }

  return (
    <div className="space-y-5">
      <Card title="Environment variables">
        <p className="mb-4 text-xs text-slate-500">
          Plain settings stored in catalyst.json and passed to the app; the environment can override them.
        </p>
        {project.envVars.length === 0 ? (
          <Empty icon={<Variable className="size-6" />} title="No environment variables yet" />
        ) : (
          <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
            {project.envVars.map((v) => (
              <EnvRow key={`${v.name}=${v.value}`} project={project} name={v.name} value={v.value} />
            ))}
          </ul>
        )}
      </Card>
      <Card title="Add a variable">
        <form onSubmit={add} className="space-y-3" aria-label="Add variable">
          <FormError message={errors._form} />
          <div className="grid grid-cols-[14rem_1fr_auto] items-start gap-3">
            <Field label="Name" htmlFor="env-new-name" error={errors.name}>
              <input
                id="env-new-name"
                className={`${INPUT} font-mono`}
                value={name}
                placeholder="LOG_LEVEL"
                aria-invalid={errors.name ? true : undefined}
                onChange={(e) => setName(e.target.value)}
              />
            </Field>
            <Field label="Value" htmlFor="env-new-value" error={errors.value}>
              <input
                id="env-new-value"
                className={`${INPUT} font-mono`}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            </Field>
            <Button className="mt-5" tone="primary" type="submit" disabled={busy}>
              Add variable
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
