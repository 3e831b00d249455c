import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Every file under a folder, `.git` objects included (they would hold a committed secret). */
export async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await allFiles(p)));
    else out.push(p);
  }
  return out;
}
