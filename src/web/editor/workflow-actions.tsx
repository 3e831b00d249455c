import { Pencil, Plus, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { HTTP_METHODS, type HttpMethod, type Visibility } from '../../model/workflow.js';
import { fieldErrors } from '../api/api-error.js';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { ProjectDetail, WorkflowView } from '../api/types.js';
import { ifMatch } from '../api/versions.js';
import { FormDialog } from '../components/dialog.js';
import { Button, Field, FormError, INPUT } from '../components/ui.js';
import { useProject } from '../stores/project-store.js';
import { useToasts } from '../stores/toast-store.js';
import { navigate } from '../use-route.js';

/** "New workflow": name, visibility, target and endpoint; opens the editor on the new workflow. */
export function NewWorkflowButton({ project }: { project: ProjectDetail }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('internal');
  const [targetId, setTargetId] = useState(project.targets[0]?.id ?? '');
  const [method, setMethod] = useState<HttpMethod>('POST');
  const [path, setPath] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const { workflow } = await unwrap(
        api.projects[':projectId'].workflows.$post({
          param: { projectId: project.id },
          json: {
            name,
            visibility,
            ...(targetId ? { deploymentTargetId: targetId } : {}),
            ...(visibility === 'public' && path.trim() ? { endpoint: { method, path: path.trim() } } : {}),
          },
        }),
      );
      setOpen(false);
      void useProject.getState().load(project.id);
      navigate({ page: 'editor', projectId: project.id, workflowId: workflow.id });
    } catch (error) {
      setErrors(fieldErrors(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button size="sm" tone="primary" onClick={() => setOpen(true)}>
        <Plus className="size-3.5" aria-hidden /> New workflow
      </Button>
      {open && (
        <FormDialog title="New workflow" onSubmit={submit} onClose={() => setOpen(false)}>
          <FormError message={errors._form} />
          <Field
            label="Name"
            htmlFor="new-wf-name"
            error={errors.name}
            hint="Also names the Python function and the file."
          >
            <input
              id="new-wf-name"
              className={INPUT}
              value={name}
              // biome-ignore lint/a11y/noAutofocus: the user opened this dialog to type the name
              autoFocus
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Visibility" htmlFor="new-wf-visibility" error={errors.visibility}>
              <select
                id="new-wf-visibility"
                className={INPUT}
                value={visibility}
                onChange={(e) => setVisibility(e.target.value as Visibility)}
              >
                <option value="internal">Internal</option>
                <option value="public">Public</option>
              </select>
            </Field>
            <Field label="Deployment target" htmlFor="new-wf-target" error={errors.deploymentTargetId}>
              <select
                id="new-wf-target"
                className={INPUT}
                value={targetId}
                onChange={(e) => setTargetId(e.target.value)}
              >
                {project.targets.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          {visibility === 'public' && (
            <div className="grid grid-cols-[7rem_1fr] gap-3">
              <Field label="Method" htmlFor="new-wf-method" error={errors.method}>
                <select
                  id="new-wf-method"
                  className={INPUT}
                  value={method}
                  onChange={(e) => setMethod(e.target.value as HttpMethod)}
                >
                  {HTTP_METHODS.map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
              </Field>
              <Field label="Path" htmlFor="new-wf-path" error={errors.path} hint="Empty: POST /api/<name>">
                <input
                  id="new-wf-path"
                  className={`${INPUT} font-mono`}
                  value={path}
                  placeholder="/api/main"
                  onChange={(e) => setPath(e.target.value)}
                />
              </Field>
            </div>
          )}
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" tone="primary" disabled={busy}>
              Create workflow
            </Button>
          </div>
        </FormDialog>
      )}
    </>
  );
}

/** Rename (the id stays, so calls to it stay valid) and delete, on a row of the project's workflows. */
export function WorkflowRowActions({ projectId, workflow }: { projectId: string; workflow: WorkflowView }) {
  const toast = useToasts((s) => s.show);
  const [mode, setMode] = useState<'rename' | 'delete' | null>(null);
  const [name, setName] = useState(workflow.name);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const param = { projectId, workflowId: workflow.id };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    try {
      if (mode === 'rename') {
        const res = await unwrap(
          api.projects[':projectId'].workflows[':workflowId'].rename.$post(
            { param, json: { name } },
            ifMatch(workflow.version),
          ),
        );
        toast(`Renamed to ${res.workflow.name}`);
      } else {
        await unwrap(
          api.projects[':projectId'].workflows[':workflowId'].$delete({ param }, ifMatch(workflow.version)),
        );
        toast(`${workflow.name} deleted`);
      }
      setMode(null);
      void useProject.getState().load(projectId);
    } catch (error) {
      setErrors(fieldErrors(error));
    }
  }

  return (
    <>
      <Button size="sm" tone="ghost" aria-label={`Rename ${workflow.name}`} onClick={() => setMode('rename')}>
        <Pencil className="size-3.5" aria-hidden />
      </Button>
      <Button size="sm" tone="ghost" aria-label={`Delete ${workflow.name}`} onClick={() => setMode('delete')}>
        <Trash2 className="size-3.5" aria-hidden />
      </Button>
      {mode === 'rename' && (
        <FormDialog title={`Rename ${workflow.name}`} onSubmit={submit} onClose={() => setMode(null)}>
          <FormError message={errors._form} />
          <Field
            label="New name"
            htmlFor="rename-wf-name"
            error={errors.name}
            hint={`The id ${workflow.id} stays, so calls to it keep working.`}
          >
            <input
              id="rename-wf-name"
              className={INPUT}
              value={name}
              // biome-ignore lint/a11y/noAutofocus: the user opened this dialog to type the name
              autoFocus
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <div className="flex justify-end gap-2">
            <Button onClick={() => setMode(null)}>Cancel</Button>
            <Button type="submit" tone="primary">
              Rename
            </Button>
          </div>
        </FormDialog>
      )}
      {mode === 'delete' && (
        <FormDialog title={`Delete ${workflow.name}?`} onSubmit={submit} onClose={() => setMode(null)}>
          <p className="text-sm text-slate-600">
            This removes <span className="font-mono">{workflow.file}</span> from the project folder.
          </p>
          <FormError message={errors._form} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => setMode(null)}>Cancel</Button>
            <Button type="submit" tone="danger">
              Delete workflow
            </Button>
          </div>
        </FormDialog>
      )}
    </>
  );
}
