import { Braces, Pencil, Plus, Trash2 } from 'lucide-react';
import { type FormEvent, useEffect, useState } from 'react';
import type { SharedFunction } from '../../model/project.js';
import { ApiError } from '../api/api-error.js';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { ProjectDetail } from '../api/types.js';
import { ifMatch } from '../api/versions.js';
import { useEscapeToClose } from '../components/dialog.js';
import { Button, Card, Empty, Field, FormError, INPUT } from '../components/ui.js';
import { useProject } from '../stores/project-store.js';
import { useToasts } from '../stores/toast-store.js';
import { useAction } from './use-action.js';

const FUNCTION_FIELDS = ['name', 'description', 'code'] as const;
const CODE_PLACEHOLDER = 'def format_date(value):\n    return value[:10]\n';

/** Where a function is used: the code nodes (by workflow) that mention its name, as the generator reads it. */
interface Use {
  workflow: string;
  node: string;
}

/**
 * Which code nodes mention each function (the generator's rule: the name as a word), read from
 * the project's model; fetched again when catalyst.json or any workflow changes.
 */
function useFunctionUses(project: ProjectDetail): Map<string, Use[]> | null {
  const [uses, setUses] = useState<Map<string, Use[]> | null>(null);
  const key = `${project.version}:${project.workflows.map((w) => w.version).join(',')}`;
  const functions = Object.values(project.manifest.sharedFunctions);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names every file the answer depends on
  useEffect(() => {
    let live = true;
    unwrap(api.projects[':projectId'].model.$get({ param: { projectId: project.id } }))
      .then(({ model }) => {
        if (!live) return;
        const found = new Map<string, Use[]>();
        for (const fn of functions) {
          const word = new RegExp(`\\b${fn.name}\\b`);
          const list: Use[] = [];
          for (const { workflow } of model.workflows) {
            for (const node of Object.values(workflow.nodes)) {
              const code = node.type === 'code' ? node.config['code'] : undefined;
              if (typeof code === 'string' && word.test(code)) {
                list.push({ workflow: workflow.name, node: node.name });
              }
            }
          }
          found.set(fn.id, list);
        }
        setUses(found);
      })
      // Without it the list just does not say where each is used; deleting still checks on the server.
      .catch(() => live && setUses(null));
    return () => {
      live = false;
    };
  }, [project.id, key]);
  return uses;
}

function usedBy(uses: Use[] | undefined): string {
  if (uses === undefined) return '';
  if (uses.length === 0) return 'not used by any code node yet';
  const names = uses.map((u) => `${u.node} (${u.workflow})`);
  return `used by ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
}

/** A stale write: say what happened and how to go on, in the form's own words. */
function staleWords(error: unknown): unknown {
  if (error instanceof ApiError && error.isStale) {
    return new Error(
      'The project settings changed on disk since this page loaded (the CLI, another tab or an editor). Close this, let the page reload, and try again.',
    );
  }
  return error;
}

function FunctionDialog({
  project,
  editing,
  onClose,
}: {
  project: ProjectDetail;
  editing: SharedFunction | null;
  onClose: () => void;
}) {
  const accept = useProject((s) => s.accept);
  const [name, setName] = useState(editing?.name ?? '');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [code, setCode] = useState(editing?.code ?? '');
  const { errors, busy, run } = useAction(FUNCTION_FIELDS);
  useEscapeToClose(onClose);
  const title = editing ? `Edit ${editing.name}` : 'Add a shared function';

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(
      async () => {
        const json = { name: name.trim(), code, ...(description.trim() ? { description } : {}) };
        try {
          const res = editing
            ? await unwrap(
                api.projects[':projectId']['shared-functions'][':functionId'].$put(
                  { param: { projectId: project.id, functionId: editing.id }, json },
                  ifMatch(project.version),
                ),
              )
            : await unwrap(
                api.projects[':projectId']['shared-functions'].$post(
                  { param: { projectId: project.id }, json },
                  ifMatch(project.version),
                ),
              );
          accept(res.project);
        } catch (error) {
          throw staleWords(error);
        }
        onClose();
      },
      editing ? `${name.trim()} saved` : `${name.trim()} added`,
    );
  }

  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-slate-900/40 px-4 py-12">
      <form
        onSubmit={submit}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        className="w-full max-w-2xl space-y-4 rounded-xl bg-white p-5 shadow-2xl ring-1 ring-slate-900/10"
        data-testid="shared-function-dialog"
      >
        <h2 className="text-base font-semibold">{title}</h2>
        <FormError message={errors._form} />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field
            label="Function name"
            htmlFor="shared-fn-name"
            error={errors.name}
            hint="The name code nodes call it by, e.g. format_date"
          >
            <input
              id="shared-fn-name"
              className={`${INPUT} font-mono`}
              value={name}
              placeholder="format_date"
              autoComplete="off"
              spellCheck={false}
              // biome-ignore lint/a11y/noAutofocus: the dialog opens to type the name
              autoFocus={!editing}
              aria-invalid={errors.name ? true : undefined}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <Field label="Description" htmlFor="shared-fn-description" error={errors.description}>
            <input
              id="shared-fn-description"
              className={INPUT}
              value={description}
              placeholder="Optional"
              aria-invalid={errors.description ? true : undefined}
              onChange={(e) => setDescription(e.target.value)}
            />
          </Field>
        </div>
        <Field
          label="Python code"
          htmlFor="shared-fn-code"
          error={errors.code}
          hint={
            <>
              Define <code className="font-mono">def {name.trim() || 'name'}(…):</code> at the left margin.
              Imports and helpers may go above it.
            </>
          }
        >
          <textarea
            id="shared-fn-code"
            className={`${INPUT} font-mono text-xs`}
            rows={12}
            spellCheck={false}
            value={code}
            placeholder={CODE_PLACEHOLDER}
            aria-invalid={errors.code ? true : undefined}
            onChange={(e) => setCode(e.target.value)}
          />
        </Field>
        <div className="flex justify-end gap-2">
          <Button tone="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button tone="primary" type="submit" disabled={busy}>
            {editing ? 'Save function' : 'Add function'}
          </Button>
        </div>
      </form>
    </div>
  );
}

function DeleteDialog({
  project,
  fn,
  uses,
  onClose,
}: {
  project: ProjectDetail;
  fn: SharedFunction;
  uses: Use[] | undefined;
  onClose: () => void;
}) {
  const accept = useProject((s) => s.accept);
  const toast = useToasts((s) => s.show);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEscapeToClose(onClose);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      const res = await unwrap(
        api.projects[':projectId']['shared-functions'][':functionId'].$delete(
          { param: { projectId: project.id, functionId: fn.id } },
          ifMatch(project.version),
        ),
      );
      accept(res.project);
      toast(`${fn.name} deleted`);
      onClose();
    } catch (e) {
      setError((staleWords(e) as Error).message);
      setBusy(false);
    }
  }

  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center bg-slate-900/40 px-4 pt-24">
      <div
        role="dialog"
        aria-modal="true"
        aria-label={`Delete ${fn.name}`}
        className="w-full max-w-lg space-y-4 rounded-xl bg-white p-5 shadow-2xl ring-1 ring-slate-900/10"
        data-testid="shared-function-delete"
      >
        <h2 className="text-base font-semibold">Delete {fn.name}?</h2>
        <p className="text-sm text-slate-600">
          It is removed from catalyst.json and from the next generated app.
          {uses && uses.length > 0 && ` Code still calls it: ${usedBy(uses).replace(/^used by /, '')}.`}
        </p>
        <FormError message={error} />
        <div className="flex justify-end gap-2">
          <Button tone="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button tone="danger" disabled={busy} onClick={() => void remove()}>
            <Trash2 className="size-4" aria-hidden /> Delete
          </Button>
        </div>
      </div>
    </div>
  );
}

/** Settings › Shared functions: Python helpers every code node of the project can call by name. */
export function SharedFunctionsSection({ project }: { project: ProjectDetail }) {
  const [dialog, setDialog] = useState<
    { kind: 'edit'; fn: SharedFunction | null } | { kind: 'delete'; fn: SharedFunction } | null
  >(null);
  const uses = useFunctionUses(project);
  const functions = Object.values(project.manifest.sharedFunctions).sort((a, b) =>
    a.name.localeCompare(b.name),
  );

  return (
    <Card
      title="Shared functions"
      actions={
        <Button size="sm" tone="primary" onClick={() => setDialog({ kind: 'edit', fn: null })}>
          <Plus className="size-3.5" aria-hidden /> Add function
        </Button>
      }
    >
      <p className="mb-4 text-xs text-slate-500">
        Python functions every code node of this project can call by name. They are written to{' '}
        <code className="font-mono">shared/__init__.py</code> of the generated app, and a code node that
        mentions one imports it.
      </p>
      {functions.length === 0 ? (
        <Empty icon={<Braces className="size-6" />} title="No shared functions yet">
          Add one to reuse the same Python in several code nodes.
        </Empty>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
          {functions.map((fn) => (
            <li
              key={fn.id}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2.5"
              data-testid="shared-function-row"
              data-function={fn.id}
            >
              <div className="min-w-0 flex-1 basis-64">
                <p className="truncate text-sm">
                  <code className="font-medium">{fn.name}</code>
                  {fn.description && <span className="ml-2 text-xs text-slate-500">{fn.description}</span>}
                </p>
                <p className="truncate text-xs text-slate-400" data-testid="shared-function-uses">
                  {usedBy(uses?.get(fn.id))}
                </p>
              </div>
              <div className="flex shrink-0 gap-2">
                <Button
                  size="sm"
                  tone="ghost"
                  aria-label={`Edit ${fn.name}`}
                  onClick={() => setDialog({ kind: 'edit', fn })}
                >
                  <Pencil className="size-3.5" aria-hidden /> Edit
                </Button>
                <Button
                  size="sm"
                  tone="danger"
                  aria-label={`Delete ${fn.name}`}
                  onClick={() => setDialog({ kind: 'delete', fn })}
                >
                  <Trash2 className="size-3.5" aria-hidden />
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {dialog?.kind === 'edit' && (
        <FunctionDialog
          key={dialog.fn?.id ?? 'new'}
          project={project}
          editing={dialog.fn}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteDialog
          project={project}
          fn={dialog.fn}
          uses={uses?.get(dialog.fn.id)}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}
