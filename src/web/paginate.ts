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
