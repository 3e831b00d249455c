import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { zipSync } from 'fflate';
import { CatalystError } from '../../errors.js';
import { targetIdSchema } from '../../model/project.js';
import type { GeneratedFileView } from '../views.js';

/** Where the studio generates a target: `<project>/.catalyst/generated/<targetId>` (never committed). */
export function generatedDir(projectFolder: string, targetId: string): string {
  // Security: the target id becomes a path segment; only the model's id shape gets through.
  const parsed = targetIdSchema.safeParse(targetId);
  if (!parsed.success) throw new CatalystError('invalid_input', `Invalid target id "${targetId}".`);
  return path.join(projectFolder, '.catalyst', 'generated', parsed.data);
}

async function walk(root: string, dir = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await walk(root, rel)));
    else if (entry.isFile()) files.push(rel);
  }
  return files;
}

/** Every file of a generated app, sorted; an empty list when the target was never generated. */
export async function listGenerated(outDir: string): Promise<GeneratedFileView[]> {
  const exists = await stat(outDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) return [];
  const paths = await walk(outDir);
  return Promise.all(
    paths.map(async (rel) => {
      const text = await readFile(path.join(outDir, rel), 'utf8');
      const lines = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      return { path: rel, bytes: Buffer.byteLength(text), lines };
    }),
  );
}

export async function readGenerated(outDir: string, rel: string): Promise<string> {
  const file = path.resolve(outDir, rel);
  // Security: `?path=../../catalyst.json` must not read outside the generated app.
  if (!file.startsWith(outDir + path.sep)) {
    throw new CatalystError(
      'invalid_input',
      `Invalid file path "${rel}": it points outside the generated app.`,
    );
  }
  return readFile(file, 'utf8').catch(() => {
    throw new CatalystError('not_found', `No generated file ${rel}: generate the target first.`);
  });
}

/** The app as a .zip, its files under one top folder so unzipping never litters. */
export async function zipGenerated(outDir: string, topFolder: string): Promise<Uint8Array> {
  const files = await listGenerated(outDir);
  if (files.length === 0)
    throw new CatalystError('not_found', 'Nothing generated yet for this target: generate it first.');
  const entries: Record<string, Uint8Array> = {};
  for (const f of files)
    entries[`${topFolder}/${f.path}`] = new Uint8Array(await readFile(path.join(outDir, f.path)));
  // Fixed timestamps keep the archive byte-identical for identical files.
  return zipSync(entries, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}
