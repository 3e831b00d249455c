/**
 * A workflow's slug (DESIGN §3): its name lower-cased, every run of characters other than
 * a-z0-9 turned into `_`. It names the file, the Python module and the function.
 * Leading/trailing underscores are trimmed so `  Extract Data! ` → `extract_data`; a name
 * with nothing usable becomes `workflow`.
 */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug === '' ? 'workflow' : slug;
}
