import { Pencil, Plus, Server, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { corsOriginProblem } from '../../model/cors.js';
import { PLATFORM_LABELS, PLATFORMS, type Platform } from '../../model/project.js';
import { ApiError } from '../api/api-error.js';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { ProjectDetail, TargetView } from '../api/types.js';
import { Badge, Button, Card, Empty, Field, FormError, INPUT } from '../components/ui.js';
import { useProject } from '../stores/project-store.js';
import { PLATFORM_HINTS } from './platform-hints.js';
import { EMPTY_TARGET_FORM, formToTarget, originList, type TargetForm, targetToForm } from './target-form.js';
import { useAction } from './use-action.js';

const TARGET_FIELDS = [
  'id',
  'name',
  'platform',
  'url',
  'region',
  'instanceSize',
  'serviceName',
  'minInstances',
  'maxInstances',
  'allowOrigins',
] as const;
const NO_FIELDS = [] as const;

function TargetEditor({
  project,
  editing,
  onDone,
}: {
  project: ProjectDetail;
  editing: TargetView | null;
  onDone: () => void;
}) {
  const accept = useProject((s) => s.accept);
  const [form, setForm] = useState<TargetForm>(editing ? targetToForm(editing) : EMPTY_TARGET_FORM);
  const { errors, busy, run } = useAction(TARGET_FIELDS);
  const edit = <K extends keyof TargetForm>(key: K, value: TargetForm[K]) =>
    setForm({ ...form, [key]: value });
  const input = (
    key:
      | 'id'
      | 'name'
      | 'url'
      | 'region'
      | 'instanceSize'
      | 'serviceName'
      | 'minInstances'
      | 'maxInstances'
      | 'allowOrigins',
  ) => ({
    id: `target-${key}`,
    className: INPUT,
    value: form[key],
    'aria-invalid': errors[key] ? true : undefined,
    onChange: (e: { target: { value: string } }) => edit(key, e.target.value),
  });

  const hints = PLATFORM_HINTS[form.platform];

  function submit(event: FormEvent) {
    event.preventDefault();
    const json = formToTarget(form, editing ?? undefined) as Parameters<
      (typeof api.projects)[':projectId']['targets']['$post']
    >[0]['json'];
    void run(
      async () => {
        // An origin the app could never match is named at the field before anything is sent.
        for (const origin of originList(form.allowOrigins)) {
          const message = corsOriginProblem(origin);
          if (message)
            throw new ApiError(400, message, [{ path: 'cors.allowOrigins', message, field: 'allowOrigins' }]);
        }
        const param = { projectId: project.id };
        const res = editing
          ? await unwrap(
              api.projects[':projectId'].targets[':targetId'].$put({
                param: { ...param, targetId: editing.id },
                json,
              }),
            )
          : await unwrap(api.projects[':projectId'].targets.$post({ param, json }));
        accept(res.project);
        onDone();
      },
      editing ? 'Target saved' : 'Target added',
    );
  }

  return (
    <form
      onSubmit={submit}
      className="space-y-4 rounded-lg border border-indigo-100 bg-indigo-50/40 p-4"
      aria-label="Target form"
    >
      <FormError message={errors._form} />
      <div className="grid grid-cols-2 gap-4">
        <Field label="Id" htmlFor="target-id" error={errors.id} hint="e.g. production — used in file paths">
          <input {...input('id')} disabled={editing !== null} placeholder="production" />
        </Field>
        <Field label="Name" htmlFor="target-name" error={errors.name}>
          <input {...input('name')} placeholder="Production" />
        </Field>
        <Field label="Platform" htmlFor="target-platform" error={errors.platform}>
          <select
            id="target-platform"
            className={INPUT}
            value={form.platform}
            onChange={(e) => edit('platform', e.target.value as Platform)}
          >
            {PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {PLATFORM_LABELS[p]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="URL" htmlFor="target-url" error={errors.url} hint="Where it is live, once deployed">
          <input {...input('url')} placeholder={hints.url} />
        </Field>
        {hints.serviceLabel && (
          <Field
            label={hints.serviceLabel}
            htmlFor="target-serviceName"
            error={errors.serviceName}
            hint={
              form.platform === 'fly'
                ? '`app` in fly.toml; empty: <project>-<target>'
                : 'Empty: <project>-<target>'
            }
          >
            <input
              {...input('serviceName')}
              placeholder={`${project.name}-${form.id || 'target'}`.toLowerCase().replace(/[^a-z0-9]+/g, '-')}
            />
          </Field>
        )}
        <Field
          label={hints.regionLabel}
          htmlFor="target-region"
          error={errors.region}
          hint={form.platform === 'fly' ? 'primary_region in fly.toml, e.g. iad, ams, syd' : undefined}
        >
          <input {...input('region')} placeholder={hints.region ?? ''} />
        </Field>
        <Field
          label={hints.sizeLabel}
          htmlFor="target-instanceSize"
          error={errors.instanceSize}
          hint={
            form.platform === 'fly'
              ? '[[vm]] size in fly.toml'
              : 'A Fly machine name; mapped to this platform'
          }
        >
          <input {...input('instanceSize')} list="target-sizes" placeholder="shared-cpu-1x" />
          <datalist id="target-sizes">
            {(hints.sizes ?? []).map((size) => (
              <option key={size} value={size} />
            ))}
          </datalist>
        </Field>
        <Field
          label="Allowed origins (CORS)"
          htmlFor="target-allowOrigins"
          error={errors.allowOrigins}
          hint="Browser pages that may call the app, comma-separated; empty: none"
          className="col-span-2"
        >
          <input {...input('allowOrigins')} placeholder="https://app.example.com, http://localhost:5173" />
        </Field>
      </div>
      <div className="flex flex-wrap items-start gap-4">
        <label className="mt-6 flex items-center gap-2 text-sm text-slate-700">
          <input
            id="target-autoscaling"
            type="checkbox"
            checked={form.autoscaling}
            onChange={(e) => edit('autoscaling', e.target.checked)}
            className="size-4 rounded border-slate-300"
          />
          Autoscaling
        </label>
        <Field
          label="Min instances"
          htmlFor="target-minInstances"
          error={errors.minInstances}
          className="w-36"
        >
          <input {...input('minInstances')} inputMode="numeric" disabled={!form.autoscaling} />
        </Field>
        <Field
          label="Max instances"
          htmlFor="target-maxInstances"
          error={errors.maxInstances}
          className="w-36"
        >
          <input {...input('maxInstances')} inputMode="numeric" disabled={!form.autoscaling} />
        </Field>
      </div>
      <div className="flex gap-2">
        <Button tone="primary" type="submit" disabled={busy}>
          {editing ? 'Save target' : 'Add target'}
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}

export function TargetsSection({ project }: { project: ProjectDetail }) {
  const accept = useProject((s) => s.accept);
  const [editor, setEditor] = useState<{ editing: TargetView | null } | null>(null);
  const { errors, run } = useAction(NO_FIELDS);
  const usage = (id: string) => project.workflows.filter((w) => w.deploymentTargetId === id).length;

  return (
    <Card
      title="Deployment targets"
      actions={
        editor === null && (
          <Button size="sm" tone="primary" onClick={() => setEditor({ editing: null })}>
            <Plus className="size-3.5" aria-hidden /> Add target
          </Button>
        )
      }
    >
      <div className="space-y-4">
        <FormError message={errors._form} />
        {editor && (
          <TargetEditor
            key={editor.editing?.id ?? 'new'}
            project={project}
            editing={editor.editing}
            onDone={() => setEditor(null)}
          />
        )}
        {project.targets.length === 0 ? (
          <Empty icon={<Server className="size-6" />} title="No deployment targets">
            Add one to choose where the generated app goes.
          </Empty>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
            {project.targets.map((t) => (
              <li
                key={t.id}
                className="flex items-center gap-3 px-3 py-2.5"
                data-testid="target-row"
                data-target={t.id}
              >
                <div className="min-w-0 flex-1">
                  <p className="flex items-center gap-2 text-sm font-medium">
                    {t.name} <code className="text-xs font-normal text-slate-500">{t.id}</code>
                  </p>
                  <p className="truncate text-xs text-slate-500">
                    {[
                      t.platformConfig.region,
                      t.platformConfig.instanceSize,
                      t.platformConfig.autoscaling?.enabled
                        ? `autoscaling ${t.platformConfig.autoscaling.minInstances}–${t.platformConfig.autoscaling.maxInstances}`
                        : null,
                      t.cors ? `CORS ${t.cors.allowOrigins.join(', ')}` : null,
                      `${usage(t.id)} workflow${usage(t.id) === 1 ? '' : 's'}`,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                </div>
                <Badge tone="blue">{PLATFORM_LABELS[t.platform]}</Badge>
                <Button
                  size="sm"
                  tone="ghost"
                  onClick={() => setEditor({ editing: t })}
                  aria-label={`Edit ${t.id}`}
                >
                  <Pencil className="size-3.5" aria-hidden /> Edit
                </Button>
                <Button
                  size="sm"
                  tone="danger"
                  aria-label={`Remove ${t.id}`}
                  onClick={() =>
                    window.confirm(`Remove target "${t.name}"?`) &&
                    void run(async () => {
                      const res = await unwrap(
                        api.projects[':projectId'].targets[':targetId'].$delete({
                          param: { projectId: project.id, targetId: t.id },
                        }),
                      );
                      accept(res.project);
                    }, 'Target removed')
                  }
                >
                  <Trash2 className="size-3.5" aria-hidden />
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
