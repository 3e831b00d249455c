import { defaultEndpoint } from '../../model/endpoint.js';
import { HTTP_METHODS, type HttpMethod, type Visibility } from '../../model/workflow.js';
import { Field, INPUT } from '../components/ui.js';
import type { WorkflowBase } from './canvas-model.js';
import { useEditor } from './editor-store.js';
import { indexProblems } from './inline-problems.js';

/** Name, description, visibility, endpoint and target of the workflow; saved with the canvas. */
export function WorkflowSettings() {
  const base = useEditor((s) => s.base);
  const project = useEditor((s) => s.project);
  const problems = useEditor((s) => s.problems);
  const change = useEditor((s) => s.change);
  if (!project) return null;
  const settings = indexProblems(problems).settings;
  const err = (key: string) => (settings[key]?.length ? settings[key]!.join(' · ') : null);
  const set = (patch: Partial<WorkflowBase>, key: string, remove: Array<keyof WorkflowBase> = []) =>
    change((s) => {
      const next: WorkflowBase = { ...s.base, ...patch };
      for (const k of remove) delete next[k];
      return { ...s, base: next };
    }, `settings:${key}`);
  const targets = Object.values(project.manifest.deploymentTargets);
  const isPublic = base.visibility === 'public';
  const method: HttpMethod = base.endpoint?.method ?? 'POST';
  const defaultPath = defaultEndpoint(base).path;

  return (
    <div className="space-y-4" data-testid="workflow-settings-panel">
      <Field
        label="Name"
        htmlFor="wf-name"
        error={err('name')}
        hint={<span className="font-mono">id: {base.id} (never changes)</span>}
      >
        <input
          id="wf-name"
          className={INPUT}
          value={base.name}
          onChange={(e) => set({ name: e.target.value }, 'name')}
        />
      </Field>
      <Field label="Description" htmlFor="wf-description" error={err('description')}>
        <textarea
          id="wf-description"
          className={INPUT}
          rows={2}
          value={base.description ?? ''}
          onChange={(e) =>
            e.target.value === ''
              ? set({}, 'description', ['description'])
              : set({ description: e.target.value }, 'description')
          }
        />
      </Field>
      <Field label="Deployment target" htmlFor="wf-target" error={err('deploymentTargetId')}>
        <select
          id="wf-target"
          className={INPUT}
          value={base.deploymentTargetId}
          onChange={(e) => set({ deploymentTargetId: e.target.value }, 'target')}
        >
          {!project.manifest.deploymentTargets[base.deploymentTargetId] && (
            <option value={base.deploymentTargetId}>{base.deploymentTargetId} (missing)</option>
          )}
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.platform})
            </option>
          ))}
        </select>
      </Field>
      <Field label="Visibility" htmlFor="wf-visibility" error={err('visibility')}>
        <select
          id="wf-visibility"
          className={INPUT}
          value={base.visibility}
          onChange={(e) => {
            const visibility = e.target.value as Visibility;
            // An internal workflow has no route: its endpoint goes with it.
            if (visibility === 'internal') set({ visibility }, 'visibility', ['endpoint']);
            else set({ visibility }, 'visibility');
          }}
        >
          <option value="public">Public (HTTP endpoint)</option>
          <option value="internal">Internal (called by other workflows)</option>
        </select>
      </Field>
      {isPublic && (
        <div className="grid grid-cols-[6.5rem_1fr] gap-2">
          <Field label="Method" htmlFor="wf-method">
            <select
              id="wf-method"
              className={INPUT}
              value={method}
              onChange={(e) =>
                set(
                  {
                    endpoint: {
                      method: e.target.value as HttpMethod,
                      path: base.endpoint?.path ?? defaultPath,
                    },
                  },
                  'endpoint',
                )
              }
            >
              {HTTP_METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </Field>
          <Field
            label="Path"
            htmlFor="wf-path"
            error={err('endpoint')}
            hint={base.endpoint ? undefined : `Empty: POST ${defaultPath}`}
          >
            <input
              id="wf-path"
              className={`${INPUT} font-mono`}
              value={base.endpoint?.path ?? ''}
              placeholder={defaultPath}
              onChange={(e) =>
                e.target.value === ''
                  ? set({}, 'endpoint', ['endpoint'])
                  : set({ endpoint: { method, path: e.target.value } }, 'endpoint')
              }
            />
          </Field>
        </div>
      )}
    </div>
  );
}
