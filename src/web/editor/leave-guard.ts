import { useEffect, useRef, useState } from 'react';

/**
 * Asks before leaving with unsaved changes. In-app links are hash links: a capturing click
 * listener holds them until the user confirms. Back/Forward fire `popstate` before the
 * router's `hashchange`: the address is put back there, so the router reads the editor's
 * own address and nothing moves. Closing or reloading the tab gets the browser's own prompt.
 */
export function useLeaveGuard(dirty: boolean) {
  const [pending, setPending] = useState<string | null>(null);
  const allowed = useRef(false);

  useEffect(() => {
    if (!dirty) return;
    allowed.current = false;
    const here = window.location.href;
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
    const onPopState = () => {
      if (allowed.current || window.location.href === here) return;
      const wanted = window.location.href;
      history.replaceState(null, '', here);
      setPending(wanted);
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, { capture: true });
    window.addEventListener('popstate', onPopState);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, { capture: true });
      window.removeEventListener('popstate', onPopState);
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
