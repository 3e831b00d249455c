import { useEffect, useState } from 'react';
import type { Problem } from '../../model/project-files.js';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import { type ProblemLine, problemLine, type WorkflowNames } from '../editor/problem-words.js';
import { routeHref } from '../router.js';

/**
 * The names of a project's workflows and nodes (from the editor's model), to name a problem's node
 * and field as the editor does. Fetched again whenever `key` changes (new problems to name).
 */
function useWorkflowNames(projectId: string, key: unknown): Map<string, WorkflowNames> | null {
  const [names, setNames] = useState<Map<string, WorkflowNames> | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` asks for a fresh copy
  useEffect(() => {
    let live = true;
    unwrap(api.projects[':projectId'].model.$get({ param: { projectId } }))
      .then(({ model }) => {
        if (!live) return;
        const entries = model.workflows.map((w): [string, WorkflowNames] => [
          w.workflow.id,
          {
            name: w.workflow.name,
            nodes: Object.fromEntries(
              Object.entries(w.workflow.nodes).map(([id, n]) => [id, { name: n.name, type: n.type }]),
            ),
          },
        ]);
        setNames(new Map(entries));
      })
      // Without names the list still shows the model's own messages.
      .catch(() => live && setNames(new Map()));
    return () => {
      live = false;
    };
  }, [projectId, key]);
  return names;
}

/** The project's validation problems as the server reports them now (fetched again when `key` changes). */
export function useProjectProblems(projectId: string, key: unknown): Problem[] | null {
  const [problems, setProblems] = useState<Problem[] | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` asks for a fresh copy
  useEffect(() => {
    let live = true;
    unwrap(api.projects[':projectId'].problems.$get({ param: { projectId } }))
      .then(({ problems: found }) => live && setProblems(found as Problem[]))
      .catch(() => live && setProblems([]));
    return () => {
      live = false;
    };
  }, [projectId, key]);
  return problems;
}

function editorLink(projectId: string, line: ProblemLine): string | null {
  if (!line.workflowId) return null;
  return routeHref({
    page: 'editor',
    projectId,
    workflowId: line.workflowId,
    ...(line.nodeId ? { node: line.nodeId } : {}),
    ...(line.nodeId && line.fieldKey ? { field: line.fieldKey } : {}),
  });
}

/**
 * Validation problems as a list — file, node name, field label, message — each linking to the
 * editor with its node selected and its field focused. Used by deploy, generated code and the
 * project page, so a problem reads the same everywhere in the studio.
 */
export function ProblemList({
  projectId,
  problems,
  limit,
}: {
  projectId: string;
  problems: readonly Problem[];
  limit?: number;
}) {
  const names = useWorkflowNames(projectId, problems);
  const shown = limit === undefined ? problems : problems.slice(0, limit);
  // Named once the names are here (a moment): no flash of ids and config paths first.
  if (names === null) return <p className="px-2 py-1.5 text-xs text-slate-500">Loading problems…</p>;
  return (
    <ul className="divide-y divide-red-100 text-sm" data-testid="problem-list">
      {shown.map((problem) => {
        const line = problemLine(problem, problem.workflowId ? names?.get(problem.workflowId) : undefined);
        const href = editorLink(projectId, line);
        const body = (
          <>
            <span className="flex min-w-0 flex-wrap items-baseline gap-x-2">
              <span className="font-mono text-xs text-slate-500">{line.file}</span>
              {line.node && <span className="font-medium text-slate-900">{line.node}</span>}
              {line.field && <span className="text-slate-700">› {line.field}</span>}
            </span>
            <span className="block text-red-700">{line.message}</span>
          </>
        );
        return (
          <li key={`${problem.file}${problem.path}${problem.message}`} data-testid="problem-line">
            {href ? (
              <a
                href={href}
                className="block rounded px-2 py-1.5 hover:bg-red-50 focus-visible:bg-red-50"
                data-testid="problem-link"
              >
                {body}
              </a>
            ) : (
              <div className="px-2 py-1.5">{body}</div>
            )}
          </li>
        );
      })}
      {limit !== undefined && problems.length > limit && (
        <li className="px-2 py-1.5 text-xs text-slate-500">and {problems.length - limit} more</li>
      )}
    </ul>
  );
}
