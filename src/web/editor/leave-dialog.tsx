import { TriangleAlert } from 'lucide-react';
import { useEscapeToClose } from '../components/dialog.js';
import { Button } from '../components/ui.js';

export function LeaveDialog({ onStay, onLeave }: { onStay: () => void; onLeave: () => void }) {
  // Escape is the safe answer: stay.
  useEscapeToClose(onStay);
  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-slate-900/40 px-4 pt-32">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="leave-title"
        className="w-full max-w-md rounded-xl bg-white p-5 shadow-2xl ring-1 ring-slate-900/10"
      >
        <h2 id="leave-title" className="flex items-center gap-2 text-base font-semibold">
          <TriangleAlert className="size-4 text-amber-500" aria-hidden /> Leave without saving?
        </h2>
        <p className="mt-2 text-sm text-slate-600">
          This workflow has unsaved changes. If you leave now they are lost.
        </p>
        <div className="mt-5 flex justify-end gap-2">
          <Button onClick={onStay} autoFocus>
            Stay
          </Button>
          <Button tone="danger" onClick={onLeave}>
            Leave without saving
          </Button>
        </div>
      </div>
    </div>
  );
}
