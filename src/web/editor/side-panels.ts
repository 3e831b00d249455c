import { create } from 'zustand';

/** The editor's two side panels, each open or collapsed to a thin rail. */
export type SidePanelName = 'palette' | 'inspector';

/** Below this window width the panels start collapsed, so the canvas keeps most of the room. */
export const COLLAPSE_BELOW_PX = 1000;
const STORAGE_KEY = 'catalyst.editor.panels';

type Choices = Partial<Record<SidePanelName, boolean>>;

function storedChoices(): Choices {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (parsed === null || typeof parsed !== 'object') return {};
    const out: Choices = {};
    for (const name of ['palette', 'inspector'] as const) {
      const v = (parsed as Record<string, unknown>)[name];
      if (typeof v === 'boolean') out[name] = v;
    }
    return out;
  } catch {
    return {}; // storage off or a garbled value: fall back to the width default
  }
}

function initialOpen(name: SidePanelName): boolean {
  return storedChoices()[name] ?? window.innerWidth >= COLLAPSE_BELOW_PX;
}

interface SidePanelsState {
  open: Record<SidePanelName, boolean>;
  toggle: (name: SidePanelName) => void;
}

/**
 * Whether each panel is open: the user's last choice (kept in localStorage, so it survives a
 * reload), else open on a wide window and collapsed below {@link COLLAPSE_BELOW_PX}.
 */
export const useSidePanels = create<SidePanelsState>((set, get) => ({
  open: { palette: initialOpen('palette'), inspector: initialOpen('inspector') },
  toggle(name) {
    const open = { ...get().open, [name]: !get().open[name] };
    set({ open });
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...storedChoices(), [name]: open[name] }));
    } catch {
      // storage off: the choice lasts until the page is reloaded
    }
  },
}));
