/** Where the page keeps the studio token: this tab only, gone when the tab closes. */
export const TOKEN_STORAGE_KEY = 'catalyst.token';

export interface TokenSource {
  search: string;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

/**
 * The token arrives once in the printed URL (`?token=…`). It is moved to sessionStorage and
 * the caller strips it from the address bar, so it does not linger in history or get shared
 * with a copied link.
 */
export function takeToken({ search, storage }: TokenSource): { token: string | null; fromUrl: boolean } {
  const fromUrl = new URLSearchParams(search).get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    return { token: fromUrl, fromUrl: true };
  }
  return { token: storage.getItem(TOKEN_STORAGE_KEY), fromUrl: false };
}

/** The URL without its `token` parameter (keeps the path, other params and the hash). */
export function withoutToken(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('token');
  return url.pathname + url.search + url.hash;
}
