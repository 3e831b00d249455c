import { useToasts } from '../stores/toast-store.js';

export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  return (
    <div className="pointer-events-none fixed right-4 bottom-4 z-50 flex flex-col gap-2" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`rounded-md px-3 py-2 text-sm shadow-lg ${t.tone === 'ok' ? 'bg-slate-900 text-white' : 'bg-red-600 text-white'}`}
        >
          {t.text}
        </div>
      ))}
    </div>
  );
}
