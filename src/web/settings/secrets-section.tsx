import { KeyRound, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { ProjectDetail } from '../api/types.js';
import { Button, Card, Empty, Field, FormError, INPUT } from '../components/ui.js';
import { timeAgo } from '../format.js';
import { useProject } from '../stores/project-store.js';
import { useAction } from './use-action.js';

/**
 * Secrets are write-only: the page can set, replace or delete a value but never sees one.
 * Value inputs are password fields and always start empty.
 */
const SECRET_FIELDS = ['name', 'value', 'description'] as const;
const NO_FIELDS = [] as const;

function SecretForm({
  project,
  name: fixedName,
  onDone,
}: {
  project: ProjectDetail;
  name?: string;
  onDone?: () => void;
}) {
  const reload = useProject((s) => s.load);
  const [name, setName] = useState(fixedName ?? '');
  const [value, setValue] = useState('');
  const [description, setDescription] = useState('');
  const { errors, busy, run } = useAction(SECRET_FIELDS);
  const prefix = fixedName ? `secret-${fixedName}` : 'secret-new';

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(
      async () => {
        await unwrap(
          api.projects[':projectId'].secrets[':name'].$put({
            param: { projectId: project.id, name: name.trim() },
            json: { value, ...(description.trim() ? { description: description.trim() } : {}) },
          }),
        );
        setValue('');
        if (!fixedName) {
          setName('');
          setDescription('');
        }
        await reload(project.id);
        onDone?.();
      },
      fixedName ? `${fixedName} replaced` : 'Secret saved',
    );
  }

  return (
    <form
      onSubmit={submit}
      className="space-y-3"
      aria-label={fixedName ? `Replace ${fixedName}` : 'Add secret'}
    >
      <FormError message={errors._form} />
      <div className="grid grid-cols-[1fr_1fr_1fr_auto] items-start gap-3">
        {!fixedName && (
          <Field label="Name" htmlFor={`${prefix}-name`} error={errors.name}>
            <input
              id={`${prefix}-name`}
              className={`${INPUT} font-mono`}
              value={name}
              placeholder="OPENAI_API_KEY"
              aria-invalid={errors.name ? true : undefined}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
        )}
        <Field label={fixedName ? 'New value' : 'Value'} htmlFor={`${prefix}-value`} error={errors.value}>
          <input
            id={`${prefix}-value`}
            type="password"
            autoComplete="new-password"
            className={INPUT}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </Field>
        <Field label="Description" htmlFor={`${prefix}-description`} error={errors.description}>
          <input
            id={`${prefix}-description`}
            className={INPUT}
            value={description}
            placeholder="Optional"
            onChange={(e) => setDescription(e.target.value)}
          />
        </Field>
        <div className="mt-5 flex gap-2">
          <Button tone="primary" type="submit" disabled={busy}>
            {fixedName ? 'Replace' : 'Set secret'}
          </Button>
          {onDone && <Button onClick={onDone}>Cancel</Button>}
        </div>
      </div>
    </form>
  );
}

export function SecretsSection({ project }: { project: ProjectDetail }) {
  const reload = useProject((s) => s.load);
  const [replacing, setReplacing] = useState<string | null>(null);
  const { errors, run } = useAction(NO_FIELDS);
  return (
    <div className="space-y-5">
      <Card title="Secrets">
        <p className="mb-4 text-xs text-slate-500">
          Encrypted in your workspace vault, never written to the project folder, git or generated code. The
          generated app reads each from an environment variable of the same name.
        </p>
        <FormError message={errors._form} />
        {project.secrets.length === 0 ? (
          <Empty icon={<KeyRound className="size-6" />} title="No secrets yet" />
        ) : (
          <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
            {project.secrets.map((s) => (
              <li key={s.name} className="px-3 py-2.5" data-testid="secret-row" data-secret={s.name}>
                <div className="flex items-center gap-3">
                  <code className="text-sm font-medium">{s.name}</code>
                  <span
                    className="font-mono text-xs tracking-widest text-slate-400"
                    title="Value hidden: secrets are write-only"
                  >
                    ••••••••
                  </span>
                  <span className="min-w-0 flex-1 truncate text-xs text-slate-500">{s.description}</span>
                  <span className="shrink-0 text-xs text-slate-400">
                    {s.updatedAt ? `updated ${timeAgo(s.updatedAt)}` : ''}
                  </span>
                  <Button size="sm" tone="ghost" onClick={() => setReplacing(s.name)}>
                    Replace
                  </Button>
                  <Button
                    size="sm"
                    tone="danger"
                    aria-label={`Delete ${s.name}`}
                    onClick={() =>
                      window.confirm(`Delete secret ${s.name}?`) &&
                      void run(async () => {
                        await unwrap(
                          api.projects[':projectId'].secrets[':name'].$delete({
                            param: { projectId: project.id, name: s.name },
                          }),
                        );
                        await reload(project.id);
                      }, `${s.name} deleted`)
                    }
                  >
                    <Trash2 className="size-3.5" aria-hidden />
                  </Button>
                </div>
                {replacing === s.name && (
                  <div className="mt-3">
                    <SecretForm project={project} name={s.name} onDone={() => setReplacing(null)} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Add a secret">
        <SecretForm project={project} />
      </Card>
    </div>
  );
}
