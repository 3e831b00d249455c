/**
 * Project search, one rule for the studio server (a search over every registered project, paged)
 * and the web app (instant filtering of the cards it already has), so both find the same projects.
 */

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

/** Projects whose name or description contains every word of the query; an empty query keeps all. */
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
