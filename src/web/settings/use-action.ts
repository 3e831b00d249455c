import { useCallback, useState } from 'react';
import { fieldErrors } from '../api/api-error.js';
import { useToasts } from '../stores/toast-store.js';

/**
 * Runs a save/delete: tracks busy, turns a refusal into messages on the form's `fields`
 * (anything else on the form itself), confirms success.
 */
export function useAction(fields?: readonly string[]) {
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
        setErrors(fieldErrors(error, fields));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [toast, fields],
  );
  return { errors, busy, run, clear: () => setErrors({}) };
}
