import { useToasts } from '../stores/toast-store.js';

const TONES = {
  ok: 'bg-slate-900 text-white',
  warn: 'bg-amber-700 text-white',
  error: 'bg-red-600 text-white',
} as const;

export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="pointer-events-none fixed right-4 bottom-4 z-50 flex flex-col gap-2" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          role={t.tone === 'ok' ? undefined : 'status'}
          data-testid="toast"
          className={`pointer-events-auto flex items-center gap-3 rounded-md px-3 py-2 text-sm shadow-lg ${TONES[t.tone]}`}
        >
          <span>{t.text}</span>
          {t.action && (
            <button
              type="button"
              className="rounded px-2 py-0.5 font-medium underline underline-offset-2 hover:bg-white/15"
              onClick={() => {
                t.action?.run();
                dismiss(t.id);
              }}
            >
              {t.action.label}
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
