import { create } from 'zustand';

/** The editor's two side panels, each open or collapsed to a thin rail. */
export type SidePanelName = 'palette' | 'inspector';

/** Below this window width the panels collapse, so the canvas keeps most of the room. */
export const COLLAPSE_BELOW_PX = 1000;
const STORAGE_KEY = 'catalyst.editor.panels';

/** A narrow and a wide window each have their own remembered choices. */
type WidthClass = 'narrow' | 'wide';
type Choices = Partial<Record<SidePanelName, boolean>>;
type Stored = Partial<Record<WidthClass, Choices>>;

const NAMES = ['palette', 'inspector'] as const;

function widthClass(): WidthClass {
  return window.innerWidth >= COLLAPSE_BELOW_PX ? 'wide' : 'narrow';
}

function choicesIn(value: unknown): Choices {
  const out: Choices = {};
  if (value === null || typeof value !== 'object') return out;
  for (const name of NAMES) {
    const v = (value as Record<string, unknown>)[name];
    if (typeof v === 'boolean') out[name] = v;
  }
  return out;
}

function storedChoices(): Stored {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (parsed === null || typeof parsed !== 'object') return {};
    const p = parsed as Record<string, unknown>;
    if ('narrow' in p || 'wide' in p) return { narrow: choicesIn(p['narrow']), wide: choicesIn(p['wide']) };
    // An older page kept one choice per panel: it was made at the width the page has now.
    return { [widthClass()]: choicesIn(p) };
  } catch {
    return {}; // storage off or a garbled value: fall back to the width default
  }
}

/** The panels for a window of this class: the user's choice there, else open only when wide. */
function openFor(cls: WidthClass): Record<SidePanelName, boolean> {
  const chosen = storedChoices()[cls] ?? {};
  return {
    palette: chosen.palette ?? cls === 'wide',
    inspector: chosen.inspector ?? cls === 'wide',
  };
}

interface SidePanelsState {
  open: Record<SidePanelName, boolean>;
  toggle: (name: SidePanelName) => void;
}

/**
 * Whether each panel is open: the user's last choice for a window this wide (narrow or wide, kept
 * in localStorage, so it survives a reload), else open on a wide window and collapsed below
 * {@link COLLAPSE_BELOW_PX}. When the window is resized across that width, the panels follow:
 * a window narrowed from 1440 to 800 px collapses them (unless the user chose them open there).
 */
export const useSidePanels = create<SidePanelsState>((set, get) => ({
  open: openFor(widthClass()),
  toggle(name) {
    const open = { ...get().open, [name]: !get().open[name] };
    set({ open });
    const cls = widthClass();
    const stored = storedChoices();
    try {
      localStorage.setItem(
        STORAGE_KEY,
        JSON.stringify({ ...stored, [cls]: { ...stored[cls], [name]: open[name] } }),
      );
    } catch {
      // storage off: the choice lasts until the page is reloaded
    }
  },
}));

if (typeof window !== 'undefined' && typeof window.matchMedia === 'function') {
  window
    .matchMedia(`(min-width: ${COLLAPSE_BELOW_PX}px)`)
    .addEventListener('change', (e) =>
      useSidePanels.setState({ open: openFor(e.matches ? 'wide' : 'narrow') }),
    );
}
