import fs from 'node:fs';
import path from 'node:path';

export interface FileBytes {
  /** Relative to the walked root, with `/`. */
  path: string;
  bytes: Buffer;
}

/** Every file under `root` with its bytes, sorted by path. */
export function readTree(root: string): FileBytes[] {
  const out: FileBytes[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(abs, r);
      else if (e.isFile()) out.push({ path: r, bytes: fs.readFileSync(abs) });
    }
  };
  walk(root, '');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The baseline of the code generation benchmark: the same bytes written with plain fs — create
 * each folder, write each file — into a fresh folder on the same disk.
 */
export function writeTree(root: string, files: readonly FileBytes[]): void {
  const made = new Set<string>();
  for (const f of files) {
    const dir = path.dirname(path.join(root, f.path));
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    fs.writeFileSync(path.join(root, f.path), f.bytes);
  }
}
