/**
 * Ids come from the model: a readable stem and the first counter not already taken in this
 * workflow, so ids stay unique after reloads, undo and deletes (no module-level counter).
 */
export function nextId(stem: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = stem.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([^A-Za-z_])/, 'n_$1') || 'node';
  for (let i = 1; ; i++) {
    const id = `${base}_${i}`;
    if (!used.has(id)) return id;
  }
}

/** `transform` → `transform_1`, then `transform_2`… */
export const nextNodeId = (type: string, taken: Iterable<string>) => nextId(type, taken);

/** `e_<source>_<target>`, with a counter only when that pair is already joined (other handle). */
export function nextEdgeId(source: string, target: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const plain = `e_${source}_${target}`;
  return used.has(plain) ? nextId(plain, used) : plain;
}
