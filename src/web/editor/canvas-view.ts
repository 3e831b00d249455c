import type { FitViewOptions } from '@xyflow/react';
import { create } from 'zustand';

/**
 * What the studio last fitted the canvas to — the whole workflow (on open, Tidy up, the fit
 * button) or the node a clicked problem points at — while the user has not panned or zoomed
 * since. The canvas fits it again when its size changes (the window narrowed, a side panel
 * opened), so what the studio showed stays in view. `null`: the user's own view, kept as it is.
 */
export const useCanvasView = create<{ fitted: FitViewOptions | null }>(() => ({ fitted: null }));
