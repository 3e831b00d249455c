import { create } from 'zustand';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { ProjectSummary } from '../api/types.js';

/** Cards on one dashboard page (four rows of three at 1280 px). */
export const PAGE_SIZE = 12;

/** The dashboard's first screen, fetched ahead of the full list. */
export interface FirstPage {
  projects: ProjectSummary[];
  /** How many projects are registered. */
  total: number;
}

interface ProjectsState {
  projects: ProjectSummary[] | null;
  /** Shown until `projects` arrives; never updated after that. */
  firstPage: FirstPage | null;
  error: string | null;
  /**
   * Fetches the list. `firstPage` (the dashboard's first load) asks for the first twelve cards
   * ahead of it; when they are all there is, that one answer is the list.
   */
  load(options?: { firstPage?: boolean }): Promise<void>;
  create(input: { name: string; description: string; folder?: string }): Promise<ProjectSummary>;
}

// The route takes `?offset&limit&q` without declaring them (so `$get()` stays bare): passed as a variable.
const FIRST_PAGE_QUERY = { query: { limit: String(PAGE_SIZE) } };

/** Resolves once the browser has painted the current DOM (at once outside a browser). */
function afterNextPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** Every registered project, as the dashboard and the header selector show them. */
export const useProjects = create<ProjectsState>((set, get) => ({
  projects: null,
  firstPage: null,
  error: null,
  async load(options = {}) {
    try {
      if (options.firstPage && get().projects === null && get().firstPage === null) {
        // With 1,000 projects the full list takes a while to send and parse; the first twelve
        // cards do not wait for it. Asked first, alone: the server answers it in milliseconds.
        const page = await unwrap(api.projects.$get(FIRST_PAGE_QUERY));
        // The bare `$get()` type is the full list's; with `limit` the body carries `total` too.
        const total = 'total' in page && typeof page.total === 'number' ? page.total : page.projects.length;
        if (get().projects !== null) return;
        // A workspace of twelve projects or fewer: the first page is the whole list.
        if (page.projects.length >= total) return set({ projects: page.projects, error: null });
        set({ firstPage: { projects: page.projects, total } });
        // Let those cards paint before the big list's download and parse take the main thread.
        await afterNextPaint();
      }
      const { projects } = await unwrap(api.projects.$get());
      set({ projects, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  async create(input) {
    const { project } = await unwrap(api.projects.$post({ json: input }));
    const known = get().projects;
    if (known !== null) set({ projects: [...known, project] });
    void get().load();
    return project;
  },
}));
