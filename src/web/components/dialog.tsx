import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';

/**
 * Escape closes the dialog (every dialog of the studio uses this). The latest `onClose` is
 * called, so a parent that re-renders does not re-register the listener.
 */
export function useEscapeToClose(onClose: () => void): void {
  const latest = useRef(onClose);
  latest.current = onClose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** A modal form dialog with a title; Escape and Cancel close it. */
export function FormDialog({
  title,
  children,
  onSubmit,
  onClose,
}: {
  title: string;
  children: ReactNode;
  onSubmit: (e: FormEvent) => void;
  onClose: () => void;
}) {
  useEscapeToClose(onClose);
  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center bg-slate-900/40 px-4 pt-24">
      <form
        onSubmit={onSubmit}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        className="w-full max-w-lg space-y-4 rounded-xl bg-white p-5 shadow-2xl ring-1 ring-slate-900/10"
      >
        <h2 className="text-base font-semibold">{title}</h2>
        {children}
      </form>
    </div>
  );
}
