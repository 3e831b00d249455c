import { create } from 'zustand';

interface Toast {
  id: number;
  text: string;
  tone: 'ok' | 'error';
}

interface ToastState {
  toasts: Toast[];
  show(text: string, tone?: Toast['tone']): void;
}

let nextId = 1;

/** Short confirmations ("Secret saved") that fade on their own. */
export const useToasts = create<ToastState>((set) => ({
  toasts: [],
  show(text, tone = 'ok') {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts, { id, text, tone }] }));
    setTimeout(() => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), 3000);
  },
}));
