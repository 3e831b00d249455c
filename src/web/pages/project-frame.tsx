import { ChevronRight, Loader2 } from 'lucide-react';
import { type ReactNode, useEffect } from 'react';
import type { ProjectDetail } from '../api/types.js';
import { routeHref } from '../router.js';
import { useProject } from '../stores/project-store.js';

/** Loads the project a page is about and renders the page once it is there (or says why not). */
export function ProjectFrame({
  projectId,
  crumb,
  children,
}: {
  projectId: string;
  crumb?: string;
  children: (project: ProjectDetail) => ReactNode;
}) {
  const { project, error, load } = useProject();
  useEffect(() => {
    void load(projectId);
  }, [projectId, load]);

  return (
    <main className="mx-auto max-w-7xl px-6 py-5">
      <nav className="mb-3 flex items-center gap-1 text-xs text-slate-500" aria-label="Breadcrumb">
        <a href="#/" className="hover:text-slate-800">
          Projects
        </a>
        {project && (
          <>
            <ChevronRight className="size-3" aria-hidden />
            <a href={routeHref({ page: 'project', projectId })} className="hover:text-slate-800">
              {project.name}
            </a>
          </>
        )}
        {crumb && (
          <>
            <ChevronRight className="size-3" aria-hidden />
            <span className="text-slate-700">{crumb}</span>
          </>
        )}
      </nav>
      {error && !project ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : project && project.id === projectId ? (
        children(project)
      ) : (
        <p className="flex items-center gap-2 text-sm text-slate-500">
          <Loader2 className="size-4 animate-spin" aria-hidden /> Loading project…
        </p>
      )}
    </main>
  );
}
