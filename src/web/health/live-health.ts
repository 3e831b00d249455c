import type { HealthEvent } from '../../server/contract.js';
import { useProject } from '../stores/project-store.js';
import { useProjects } from '../stores/projects-store.js';
import { useHealthTicks } from './health-ticks.js';

/**
 * A check the monitor just made: the card and the open project take the new numbers in
 * place (no reload of the whole list per check — a busy workspace checks several targets a
 * second), and the health panel of that target refetches its charts.
 */
export function acceptHealthEvent(event: HealthEvent): void {
  let patched = false;
  useProjects.setState((s) => {
    if (!s.projects) return {};
    return {
      projects: s.projects.map((p) => {
        if (p.id !== event.projectId || p.mainTargetId !== event.targetId) return p;
        patched = true;
        return { ...p, health: event.health };
      }),
    };
  });
  // A status change of a target the card does not speak for yet may change which one it does.
  if (!patched && event.change) void useProjects.getState().load();

  const open = useProject.getState();
  if (open.project?.id === event.projectId) {
    const project = open.project;
    useProject.setState({
      project: {
        ...project,
        health: project.mainTargetId === event.targetId ? event.health : project.health,
        runtime: project.runtime.map((r) =>
          r.targetId === event.targetId ? { ...r, health: event.health } : r,
        ),
      },
    });
  }
  useHealthTicks.getState().bump(event.projectId, event.targetId);
}
