import { create } from 'zustand';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { ProjectSummary } from '../api/types.js';

interface ProjectsState {
  projects: ProjectSummary[] | null;
  error: string | null;
  load(): Promise<void>;
  create(input: { name: string; description: string; folder?: string }): Promise<ProjectSummary>;
}

/** Every registered project, as the dashboard and the header selector show them. */
export const useProjects = create<ProjectsState>((set, get) => ({
  projects: null,
  error: null,
  async load() {
    try {
      const { projects } = await unwrap(api.projects.$get());
      set({ projects, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  async create(input) {
    const { project } = await unwrap(api.projects.$post({ json: input }));
    set({ projects: [...(get().projects ?? []), project] });
    void get().load();
    return project;
  },
}));
