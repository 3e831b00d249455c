import { useEffect, useRef, useState } from 'react';

/** Marks the hashchange the guard sends itself after putting the address back. */
const RESTORED = 'catalyst-restored';

/**
 * Asks before leaving with unsaved changes. In-app links are hash links: a capturing click
 * listener holds them until the user confirms. A hash change from elsewhere (Back, a typed
 * address) is undone — the address is put back and the router told — then the same question
 * is asked. Closing or reloading the tab gets the browser's own prompt.
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
    const onClick = (event: MouseEvent) => {
      if (allowed.current || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!link || link.target === '_blank' || !link.getAttribute('href')?.startsWith('#')) return;
      if (link.href === window.location.href) return;
      event.preventDefault();
      setPending(link.href);
    };
    const onHashChange = (event: HashChangeEvent) => {
      if (allowed.current || (event as Event & { [RESTORED]?: boolean })[RESTORED]) return;
      history.replaceState(null, '', event.oldURL);
      // The router has already read the new address; tell it the old one is back (same task, so React renders once).
      const restored = new HashChangeEvent('hashchange', { oldURL: event.newURL, newURL: event.oldURL });
      Object.assign(restored, { [RESTORED]: true });
      window.dispatchEvent(restored);
      setPending(event.newURL);
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, { capture: true });
    window.addEventListener('hashchange', onHashChange);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, { capture: true });
      window.removeEventListener('hashchange', onHashChange);
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
