import { create } from 'zustand';

/**
 * Which config fields the user has left (blurred) or changed. A node added in this session
 * shows its problems only on the fields the user touched — not "required" on every field of
 * a node just dropped on the canvas; once saved, a node shows all of them.
 */
interface TouchState {
  touched: ReadonlySet<string>;
  touch(workflowId: string, nodeId: string, field: string): void;
}

export const touchKey = (workflowId: string, nodeId: string, field: string) =>
  `${workflowId}\u0000${nodeId}\u0000${field}`;

export const useTouched = create<TouchState>((set, get) => ({
  touched: new Set(),
  touch(workflowId, nodeId, field) {
    const key = touchKey(workflowId, nodeId, field);
    if (get().touched.has(key)) return;
    set({ touched: new Set([...get().touched, key]) });
  },
}));
