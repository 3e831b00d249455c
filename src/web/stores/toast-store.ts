import { create } from 'zustand';

interface Toast {
  id: number;
  text: string;
  tone: 'ok' | 'warn' | 'error';
  /** A button on the toast (`Show problems`); such a toast stays longer, to be clicked. */
  action?: { label: string; run: () => void };
}

interface ToastState {
  toasts: Toast[];
  show(text: string, tone?: Toast['tone'], action?: Toast['action']): void;
  dismiss(id: number): void;
}

let nextId = 1;

/** Short confirmations ("Secret saved") that fade on their own. */
export const useToasts = create<ToastState>((set) => ({
  toasts: [],
  show(text, tone = 'ok', action) {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts, { id, text, tone, ...(action ? { action } : {}) }] }));
    setTimeout(() => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), action ? 10_000 : 3000);
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));
