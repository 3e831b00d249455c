import { useCallback, useState } from 'react';
import { fieldErrors } from '../api/api-error.js';
import { useToasts } from '../stores/toast-store.js';

/** Runs a save/delete: tracks busy, turns a refusal into per-field messages, confirms success. */
export function useAction() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const toast = useToasts((s) => s.show);
  const run = useCallback(
    async (action: () => Promise<unknown>, done?: string): Promise<boolean> => {
      setBusy(true);
      setErrors({});
      try {
        await action();
        if (done) toast(done);
        return true;
      } catch (error) {
        setErrors(fieldErrors(error));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [toast],
  );
  return { errors, busy, run, clear: () => setErrors({}) };
}
