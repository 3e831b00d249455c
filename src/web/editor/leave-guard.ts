import { useEffect, useRef, useState } from 'react';

/**
 * Asks before leaving with unsaved changes. In-app links change the URL hash: a capturing
 * `hashchange` listener runs before the router's own, puts the address back and holds the
 * move until the user confirms. Closing or reloading the tab gets the browser's own prompt.
 */
export function useLeaveGuard(dirty: boolean) {
  const [pending, setPending] = useState<string | null>(null);
  const allowed = useRef(false);

  useEffect(() => {
    if (!dirty) return;
    allowed.current = false;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (allowed.current) return;
      event.preventDefault();
      event.returnValue = '';
    };
    const onHashChange = (event: HashChangeEvent) => {
      if (allowed.current) return;
      event.stopImmediatePropagation();
      history.replaceState(null, '', event.oldURL);
      setPending(event.newURL);
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('hashchange', onHashChange, { capture: true });
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('hashchange', onHashChange, { capture: true });
    };
  }, [dirty]);

  return {
    pending,
    stay: () => setPending(null),
    /** Leaves anyway, dropping the unsaved changes. */
    leave: () => {
      const to = pending;
      setPending(null);
      allowed.current = true;
      if (to) window.location.assign(to);
    },
  };
}
