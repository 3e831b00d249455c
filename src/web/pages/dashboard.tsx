import { ChevronLeft, ChevronRight, FolderPlus, Plus, Search } from 'lucide-react';
import { useMemo, useState } from 'react';
import { searchProjects } from '../../model/project-search.js';
import type { ProjectSummary } from '../api/types.js';
import { Button, INPUT } from '../components/ui.js';
import { count } from '../format.js';
import { type Page, paginate } from '../paginate.js';
import { type FirstPage, PAGE_SIZE, useProjects } from '../stores/projects-store.js';
import { ProjectCard } from './project-card.js';

/** Twelve cards (four rows of three at 1280 px); paging keeps the page fast with 1,000 projects. */
export { PAGE_SIZE };

/** The first page as the server sent it, shaped like a page of the full list. */
function firstPageOf(first: FirstPage): Page<ProjectSummary> {
  const n = first.projects.length;
  return {
    items: first.projects,
    page: 1,
    pageCount: Math.max(1, Math.ceil(first.total / PAGE_SIZE)),
    total: first.total,
    from: n === 0 ? 0 : 1,
    to: n,
  };
}

export function Dashboard({ onNew }: { onNew: () => void }) {
  const projects = useProjects((s) => s.projects);
  const firstPage = useProjects((s) => s.firstPage);
  const error = useProjects((s) => s.error);
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const matches = useMemo(() => searchProjects(projects ?? [], query), [projects, query]);
  // Until the full list arrives the server's first page stands in for page 1 of an empty search;
  // another page or a search waits for the list (it takes a moment with 1,000 projects).
  const early = projects === null && firstPage !== null && query.trim() === '' && page === 1;
  const shown = early ? firstPageOf(firstPage) : paginate(matches, page, PAGE_SIZE);
  const known = projects?.length ?? firstPage?.total ?? null;
  const goTo = (next: number) => {
    setPage(next);
    window.scrollTo({ top: 0 });
  };

  return (
    <main className="mx-auto max-w-7xl px-6 py-6">
      <div className="mb-5 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold text-slate-900">Projects</h1>
          <p className="text-sm text-slate-500">
            {known === null ? 'Loading…' : `${count(known)} ${known === 1 ? 'project' : 'projects'}`}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <div className="relative w-72">
            <Search
              className="pointer-events-none absolute top-2 left-2.5 size-4 text-slate-400"
              aria-hidden
            />
            <input
              type="search"
              className={`${INPUT} pl-8`}
              placeholder="Search name or description"
              aria-label="Search projects"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setPage(1);
              }}
            />
          </div>
          <Button tone="primary" onClick={onNew}>
            <Plus className="size-4" aria-hidden /> New Project
          </Button>
        </div>
      </div>

      {error && <p className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{error}</p>}

      {known === 0 ? (
        <div className="flex flex-col items-center rounded-lg border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
          <FolderPlus className="size-10 text-slate-300" aria-hidden />
          <h2 className="mt-3 text-base font-semibold">No projects yet</h2>
          <p className="mt-1 max-w-sm text-sm text-slate-500">
            A project groups workflows that compile into one FastAPI app per deployment target.
          </p>
          <Button tone="primary" className="mt-4" onClick={onNew}>
            <Plus className="size-4" aria-hidden /> Create your first project
          </Button>
        </div>
      ) : projects === null && !early ? (
        <p className="px-1 py-12 text-center text-sm text-slate-500">Loading…</p>
      ) : projects !== null && matches.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-500">
          No projects match “{query}”.
        </p>
      ) : (
        <>
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2 lg:grid-cols-3" data-testid="project-grid">
            {shown.items.map((p) => (
              <ProjectCard key={p.id} project={p} />
            ))}
          </div>
          {shown.pageCount > 1 && (
            <nav className="mt-5 flex items-center justify-between text-sm text-slate-600" aria-label="Pages">
              <span data-testid="page-info">
                Showing {count(shown.from)}–{count(shown.to)} of {count(shown.total)}
              </span>
              <div className="flex items-center gap-2">
                <Button size="sm" disabled={shown.page <= 1} onClick={() => goTo(shown.page - 1)}>
                  <ChevronLeft className="size-4" aria-hidden /> Previous
                </Button>
                <span className="tabular-nums">
                  Page {shown.page} of {shown.pageCount}
                </span>
                <Button
                  size="sm"
                  disabled={shown.page >= shown.pageCount}
                  onClick={() => goTo(shown.page + 1)}
                >
                  Next <ChevronRight className="size-4" aria-hidden />
                </Button>
              </div>
            </nav>
          )}
        </>
      )}
    </main>
  );
}
