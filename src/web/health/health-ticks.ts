import { create } from 'zustand';

interface HealthTicks {
  /** A counter per `projectId/targetId`, bumped on every live check, so views reload their data. */
  ticks: Record<string, number>;
  bump(projectId: string, targetId: string): void;
}

export const tickKey = (projectId: string, targetId: string) => `${projectId}/${targetId}`;

export const useHealthTicks = create<HealthTicks>((set) => ({
  ticks: {},
  bump: (projectId, targetId) =>
    set((s) => {
      const key = tickKey(projectId, targetId);
      return { ticks: { ...s.ticks, [key]: (s.ticks[key] ?? 0) + 1 } };
    }),
}));
