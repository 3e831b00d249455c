import { create } from 'zustand';
import type { LiveEvent } from '../api/live-events.js';

interface LiveState {
  connected: boolean;
  /** Latest events of generation runs, by runId, for the progress view. */
  generateEvents: Record<string, Extract<LiveEvent, { type: 'generate' }>[]>;
  setConnected(connected: boolean): void;
  pushGenerate(event: Extract<LiveEvent, { type: 'generate' }>): void;
}

export const useLive = create<LiveState>((set) => ({
  connected: false,
  generateEvents: {},
  setConnected: (connected) => set({ connected }),
  pushGenerate: (event) =>
    set((s) => ({
      generateEvents: {
        ...s.generateEvents,
        [event.runId]: [...(s.generateEvents[event.runId] ?? []), event],
      },
    })),
}));
