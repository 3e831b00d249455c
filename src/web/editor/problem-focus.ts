import { create } from 'zustand';

/** Where a clicked problem points: the node to select and center, the field to focus. */
export interface FocusRequest {
  nodeId: string | null;
  field: string | null;
  /** Edges to highlight (a cycle's). */
  edgeIds: string[];
  /** Bumped on every request, so clicking the same problem twice centers it again. */
  seq: number;
}

interface ProblemFocusState {
  panelOpen: boolean;
  request: FocusRequest | null;
  /** Edges shown as part of the problem the user picked last (cleared when the panel closes). */
  highlight: string[];
  openPanel(): void;
  closePanel(): void;
  focus(at: { nodeId: string | null; field: string | null; edgeIds?: string[] }): void;
}

let seq = 0;

/** The editor's problems panel and what its last clicked problem points at. */
export const useProblemFocus = create<ProblemFocusState>((set) => ({
  panelOpen: false,
  request: null,
  highlight: [],
  openPanel: () => set({ panelOpen: true }),
  closePanel: () => set({ panelOpen: false, highlight: [], request: null }),
  focus: ({ nodeId, field, edgeIds = [] }) =>
    set({ request: { nodeId, field, edgeIds, seq: ++seq }, highlight: edgeIds }),
}));
