import { useState } from 'react';
import { defaultEndpoint } from '../../model/endpoint.js';
import { HTTP_METHODS, type HttpMethod } from '../../model/workflow.js';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { ProjectDetail, WorkflowView } from '../api/types.js';
import { ifMatch } from '../api/versions.js';
import { Button, Card, Empty, Field, FormError, INPUT } from '../components/ui.js';
import { useProject } from '../stores/project-store.js';
import { useAction } from './use-action.js';

const WORKFLOW_FIELDS = ['deploymentTargetId', 'visibility', 'method', 'path'] as const;

function WorkflowSettings({ project, workflow }: { project: ProjectDetail; workflow: WorkflowView }) {
  const accept = useProject((s) => s.accept);
  const [targetId, setTargetId] = useState(workflow.deploymentTargetId);
  const [visibility, setVisibility] = useState(workflow.visibility);
  const [method, setMethod] = useState<HttpMethod>(workflow.endpoint?.method ?? 'POST');
  const [path, setPath] = useState(
    workflow.endpoint && !workflow.endpoint.isDefault ? workflow.endpoint.path : '',
  );
  const { errors, busy, run } = useAction(WORKFLOW_FIELDS);
  const id = (f: string) => `wf-${workflow.id}-${f}`;
  const defaultPath = defaultEndpoint(workflow).path;

  function save() {
    const endpoint = visibility === 'public' && path.trim() !== '' ? { method, path: path.trim() } : null;
    void run(async () => {
      const res = await unwrap(
        api.projects[':projectId'].workflows[':workflowId'].$patch(
          {
            param: { projectId: project.id, workflowId: workflow.id },
            json: { deploymentTargetId: targetId, visibility, endpoint },
          },
          ifMatch(workflow.version),
        ),
      );
      accept(res.project);
    }, `${workflow.name} saved`);
  }

  return (
    <li className="py-4" data-testid="workflow-settings" data-workflow={workflow.name}>
      <p className="mb-2 font-mono text-sm font-medium">{workflow.name}</p>
      <FormError message={errors._form} />
      <div className="grid grid-cols-[1fr_9rem_7rem_1fr_auto] items-start gap-3">
        <Field label="Target" htmlFor={id('target')} error={errors.deploymentTargetId}>
          <select
            id={id('target')}
            className={INPUT}
            value={targetId}
            onChange={(e) => setTargetId(e.target.value)}
          >
            {!project.targets.some((t) => t.id === targetId) && (
              <option value={targetId}>{targetId} (missing)</option>
            )}
            {project.targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Visibility" htmlFor={id('visibility')} error={errors.visibility}>
          <select
            id={id('visibility')}
            className={INPUT}
            value={visibility}
            onChange={(e) => setVisibility(e.target.value as WorkflowView['visibility'])}
          >
            <option value="public">Public</option>
            <option value="internal">Internal</option>
          </select>
        </Field>
        <Field label="Method" htmlFor={id('method')} error={errors.method}>
          <select
            id={id('method')}
            className={INPUT}
            value={method}
            disabled={visibility !== 'public'}
            onChange={(e) => setMethod(e.target.value as HttpMethod)}
          >
            {HTTP_METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </Field>
        <Field
          label="Path"
          htmlFor={id('path')}
          error={errors.path}
          hint={visibility === 'public' ? `Empty: POST ${defaultPath}` : 'Internal: no route'}
        >
          <input
            id={id('path')}
            className={`${INPUT} font-mono`}
            value={path}
            disabled={visibility !== 'public'}
            placeholder={defaultPath}
            aria-invalid={errors.path ? true : undefined}
            onChange={(e) => setPath(e.target.value)}
          />
        </Field>
        <Button className="mt-5" tone="primary" onClick={save} disabled={busy}>
          Save
        </Button>
      </div>
    </li>
  );
}

export function WorkflowsSection({ project }: { project: ProjectDetail }) {
  return (
    <Card title="Workflows">
      {project.workflows.length === 0 ? (
        <Empty icon={null} title="No workflows yet" />
      ) : (
        <ul className="-my-4 divide-y divide-slate-100">
          {project.workflows.map((w) => (
            <WorkflowSettings key={w.id} project={project} workflow={w} />
          ))}
        </ul>
      )}
    </Card>
  );
}
