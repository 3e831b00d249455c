/**
 * JSON paths as problems show them: `$.nodes.lookup.config.timeout`, `$.edges[2].target`,
 * `$.nodes["odd id"]`. Keys that are not identifiers are quoted in brackets, so every path
 * can be read back without ambiguity.
 */
const IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `path` extended by one object key or array index; `path` may be `$`, relative, or empty. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!IDENTIFIER_RE.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** A path from `segments` (zod's issue path, for instance), starting at `$`. */
export function jsonPath(segments: ReadonlyArray<PropertyKey>): string {
  return segments.reduce<string>(
    (path, key) => childPath(path, typeof key === 'number' ? key : String(key)),
    '$',
  );
}

/** An absolute path joined with a relative one (`$.nodes.a.config` + `fields.user`). */
export function joinPath(base: string, relative: string): string {
  if (relative === '') return base;
  return relative.startsWith('[') ? `${base}${relative}` : `${base}.${relative}`;
}
