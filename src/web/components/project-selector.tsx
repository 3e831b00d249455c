import { Check, ChevronsUpDown, Plus, Search } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { searchProjects } from '../../model/project-search.js';
import { pluralize } from '../format.js';
import { useProjects } from '../stores/projects-store.js';
import { navigate } from '../use-route.js';
import { INPUT } from './ui.js';

const SHOWN = 50;

/** Header dropdown: every project with its workflow count; switching opens it; "New project" opens the form. */
export function ProjectSelector({ currentId, onNew }: { currentId: string | null; onNew: () => void }) {
  const projects = useProjects((s) => s.projects) ?? [];
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const current = projects.find((p) => p.id === currentId);
  const matches = useMemo(() => searchProjects(projects, query), [projects, query]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => box.current?.contains(e.target as Node) || setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="relative" ref={box}>
      <button
        type="button"
        onClick={() => setOpen(!open)}
        aria-haspopup="true"
        aria-expanded={open}
        data-testid="project-selector"
        className="flex h-8 w-64 items-center justify-between gap-2 rounded-md px-2.5 text-sm ring-1 ring-slate-300 hover:bg-slate-50"
      >
        <span className="truncate">{current ? current.name : 'All projects'}</span>
        <ChevronsUpDown className="size-4 shrink-0 text-slate-400" aria-hidden />
      </button>
      {open && (
        <div className="absolute left-0 z-30 mt-1 w-80 rounded-lg bg-white shadow-xl ring-1 ring-slate-900/10">
          <div className="relative border-b border-slate-100 p-2">
            <Search className="absolute top-4 left-4 size-4 text-slate-400" aria-hidden />
            <input
              className={`${INPUT} pl-8`}
              placeholder="Find a project"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              aria-label="Find a project"
            />
          </div>
          <ul className="max-h-72 overflow-y-auto py-1">
            <li>
              <button
                type="button"
                className="flex w-full items-center gap-2 px-3 py-1.5 text-left text-sm text-slate-600 hover:bg-slate-50"
                onClick={() => {
                  setOpen(false);
                  navigate({ page: 'dashboard' });
                }}
              >
                <Check
                  className={`size-4 shrink-0 ${currentId === null ? 'text-indigo-600' : 'invisible'}`}
                />
                All projects
              </button>
            </li>
            {matches.slice(0, SHOWN).map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  className="flex w-full items-center gap-2 px-3 py-1.5 text-left text-sm hover:bg-slate-50"
                  onClick={() => {
                    setOpen(false);
                    navigate({ page: 'project', projectId: p.id });
                  }}
                >
                  <Check
                    className={`size-4 shrink-0 ${p.id === currentId ? 'text-indigo-600' : 'invisible'}`}
                  />
                  <span className="min-w-0 flex-1 truncate">{p.name}</span>
                  <span className="shrink-0 text-xs text-slate-400">
                    {pluralize(p.workflowCount, 'workflow')}
                  </span>
                </button>
              </li>
            ))}
            {matches.length > SHOWN && (
              <li className="px-3 py-1.5 text-xs text-slate-400">
                {matches.length - SHOWN} more — type to narrow the list
              </li>
            )}
          </ul>
          <button
            type="button"
            onClick={() => {
              setOpen(false);
              onNew();
            }}
            className="flex w-full items-center gap-2 rounded-b-lg border-t border-slate-100 px-3 py-2 text-sm font-medium text-indigo-600 hover:bg-indigo-50"
          >
            <Plus className="size-4" /> New project
          </button>
        </div>
      )}
    </div>
  );
}
