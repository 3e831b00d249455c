import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { CatalystError } from '../errors.js';
import { atomicWrite } from './atomic-write.js';
import { LOCAL_DIR } from './folder-lock.js';
import { stableJson } from './stable-json.js';
import { testKillPoint } from './test-kill-point.js';

/**
 * A change that touches several files (rename a workflow: write the new file, delete the
 * old one, update catalyst.json) is made crash-safe by a journal: before the first file
 * changes, `.catalyst/journal.json` is written atomically with the final content of every
 * file. If the process dies part-way, the next open of the project replays the journal
 * (roll forward) so the change is either fully done or — when the journal was never
 * written — not done at all. An in-process failure rolls back to the saved old contents.
 */
export const JOURNAL_FILE = 'journal.json';

/** One file's final state: its new text, or `null` to delete it. Paths are project-relative. */
export interface FileChange {
  path: string;
  text: string | null;
}

// Only the files a project change writes: catalyst.json and workflows/<name>.json. A
// journal naming anything else (../, absolute, hidden) is refused, not replayed.
const projectPath = z
  .string()
  .regex(/^(?:catalyst\.json|workflows\/[^/\\.][^/\\]*\.json)$/, 'not a project file');

const journalSchema = z.object({
  journal: z.literal(1),
  pid: z.number().int(),
  files: z
    .array(z.object({ path: projectPath, text: z.string().nullable(), before: z.string().nullable() }))
    .min(1),
});

type Journal = z.infer<typeof journalSchema>;

export function journalPath(root: string): string {
  return join(root, LOCAL_DIR, JOURNAL_FILE);
}

/**
 * Brings the files to their final states as one unit. A single file needs no journal: its
 * atomic write is already all-or-nothing. The caller holds the folder's edit lock.
 */
export async function commitFileChanges(root: string, changes: readonly FileChange[]): Promise<void> {
  if (changes.length === 0) return;
  if (changes.length === 1) return applyChange(root, changes[0]!);
  const journal: Journal = { journal: 1, pid: process.pid, files: [] };
  for (const change of changes) {
    projectPath.parse(change.path);
    journal.files.push({ ...change, before: await currentText(root, change.path) });
  }
  const file = journalPath(root);
  await mkdir(dirname(file), { recursive: true });
  await atomicWrite(file, stableJson(journal));
  testKillPoint('journal:written');
  try {
    for (const [i, change] of changes.entries()) {
      await applyChange(root, change);
      testKillPoint(`journal:applied-${i + 1}`);
    }
  } catch (error) {
    await rollBack(root, journal).catch(() => undefined); // the journal stays if this fails too
    throw error;
  }
  await rm(file, { force: true });
}

/**
 * Finishes a change that a killed process left half done; returns its journal (or
 * undefined when there was none). The caller holds the folder's edit lock.
 */
export async function replayJournal(root: string): Promise<Journal | undefined> {
  const file = journalPath(root);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  let journal: Journal;
  try {
    journal = journalSchema.parse(JSON.parse(text));
  } catch {
    throw new CatalystError(
      'invalid_project',
      `${file} records a change to the project that was interrupted, but it cannot be read. Check catalyst.json and workflows/ (\`git status\` and \`git diff\` show what changed), then delete ${file}.`,
      { file: `${LOCAL_DIR}/${JOURNAL_FILE}` },
    );
  }
  for (const change of journal.files) await applyChange(root, change);
  await rm(file, { force: true });
  return journal;
}

async function rollBack(root: string, journal: Journal): Promise<void> {
  for (const { path, before } of journal.files) await applyChange(root, { path, text: before });
  await rm(journalPath(root), { force: true });
}

async function applyChange(root: string, change: FileChange): Promise<void> {
  const file = join(root, change.path);
  if (change.text === null) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(dirname(file), { recursive: true });
  await atomicWrite(file, change.text);
}

async function currentText(root: string, path: string): Promise<string | null> {
  return readFile(join(root, path), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new CatalystError(
      'io_failed',
      `Cannot change ${join(root, path)}: ${error.code === 'EISDIR' ? 'a folder is in its place' : (error.code ?? error.message)}. Nothing was changed.`,
      { file: path, cause: error },
    );
  });
}
