import { create } from 'zustand';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { Problem, ProjectDetail } from '../api/types.js';

interface ProjectState {
  projectId: string | null;
  project: ProjectDetail | null;
  problems: Problem[];
  error: string | null;
  /** Loads (or reloads) a project; a reload keeps the old data on screen until the new arrives. */
  load(projectId: string): Promise<void>;
  /** Stores what a settings call answered, so the page shows the saved state at once. */
  accept(project: ProjectDetail): void;
}

/** The project the detail, settings and code pages are looking at. */
export const useProject = create<ProjectState>((set, get) => ({
  projectId: null,
  project: null,
  problems: [],
  error: null,
  async load(projectId) {
    if (get().projectId !== projectId) set({ projectId, project: null, problems: [], error: null });
    try {
      const param = { param: { projectId } };
      const [{ project }, { problems }] = await Promise.all([
        unwrap(api.projects[':projectId'].$get(param)),
        unwrap(api.projects[':projectId'].problems.$get(param)),
      ]);
      if (get().projectId === projectId) set({ project, problems, error: null });
    } catch (error) {
      if (get().projectId === projectId) set({ error: (error as Error).message });
    }
  },
  accept(project) {
    if (get().projectId === project.id) set({ project });
    void get().load(project.id);
  },
}));
