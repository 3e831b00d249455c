/** Case- and accent-insensitive words of a search box. */
function terms(query: string): string[] {
  return normalize(query)
    .split(/\s+/)
    .filter((t) => t !== '');
}

function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Projects whose name or description contains every word of the query (instant, client side). */
export function searchProjects<T extends { name: string; description: string }>(
  items: T[],
  query: string,
): T[] {
  const words = terms(query);
  if (words.length === 0) return items;
  return items.filter((item) => {
    const haystack = normalize(`${item.name}\n${item.description}`);
    return words.every((w) => haystack.includes(w));
  });
}

export interface Page<T> {
  items: T[];
  page: number;
  pageCount: number;
  total: number;
  /** 1-based index of the first and last shown item, for "Showing 1–24 of 1,000". */
  from: number;
  to: number;
}

/** A page of `items`; an out-of-range page number is clamped, so deleting the last card never shows an empty page. */
export function paginate<T>(items: T[], page: number, pageSize: number): Page<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page)), pageCount);
  const start = (current - 1) * pageSize;
  const shown = items.slice(start, start + pageSize);
  return {
    items: shown,
    page: current,
    pageCount,
    total: items.length,
    from: shown.length === 0 ? 0 : start + 1,
    to: start + shown.length,
  };
}
