import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CatalystError } from '../errors.js';
import { loadProject } from '../model/load.js';
import { type ProjectManifest, projectManifestSchema } from '../model/project.js';
import type { Problem, Project, ProjectSource, SourceFile } from '../model/project-files.js';
import { slugify } from '../model/slug.js';
import { type Workflow, workflowSchema } from '../model/workflow.js';
import { atomicWrite } from './atomic-write.js';
import { recoverProjectFolder } from './recovery.js';
import { stableJson } from './stable-json.js';

/** The on-disk layout of a project folder (DESIGN §3). */
export const MANIFEST_FILE = 'catalyst.json';
export const WORKFLOWS_DIR = 'workflows';
export const GITIGNORE_FILE = '.gitignore';
/**
 * What init's .gitignore ignores (DESIGN §10), each rule with the spellings that already
 * cover it in a user's own .gitignore. Security: a local `.env` holds tokens.
 */
export const GITIGNORE_RULES: ReadonlyArray<{ line: string; covered: readonly string[] }> = [
  { line: '.catalyst/', covered: ['.catalyst/', '.catalyst', '/.catalyst/', '/.catalyst'] },
  { line: '.env', covered: ['.env', '/.env'] },
  { line: '*.tmp', covered: ['*.tmp'] },
];
export const GITIGNORE_TEXT = `# Local build cache, generated apps, local secrets and temp files (never committed)\n${GITIGNORE_RULES.map((r) => r.line).join('\n')}\n`;

export interface OpenedProject {
  dir: string;
  source: ProjectSource;
  project?: Project;
  problems: Problem[];
}

/**
 * Reads `catalyst.json` and every `workflows/*.json` (sorted by file name, so every reader
 * sees the same order). Hidden files — such as a temp file left by a killed write — are skipped.
 */
export async function readProjectSource(dir: string): Promise<ProjectSource> {
  const root = resolve(dir);
  await assertProjectFolder(root);
  await recoverProjectFolder(root); // a change a killed process left half done is finished first
  const manifest = await readSourceFile(root, MANIFEST_FILE);
  const names = await workflowFileNames(root);
  const workflows: SourceFile[] = [];
  for (const [i, name] of names.entries()) {
    // Synchronous reads are several times cheaper than fs/promises for many small files (no
    // thread-pool round trips); yielding every few dozen keeps a server's event loop responsive.
    if (i > 0 && i % READS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    workflows.push(readSourceFileSync(root, `${WORKFLOWS_DIR}/${name}`));
  }
  return { manifest, workflows };
}

/** Files read between two turns of the event loop (≈ a millisecond of work). */
const READS_PER_TURN = 64;

/** Reads and loads a project folder; semantic problems are returned, not thrown. */
export async function openProject(dir: string): Promise<OpenedProject> {
  const root = resolve(dir);
  const source = await readProjectSource(root);
  const { project, problems } = loadProject(source);
  return project ? { dir: root, source, project, problems } : { dir: root, source, problems };
}

/** Throws the user-facing error for a folder that does not exist or holds no project. */
export async function assertProjectFolder(root: string): Promise<void> {
  const info = await stat(root).catch(() => undefined);
  if (!info) {
    throw new CatalystError(
      'not_a_project',
      `Project folder ${root} does not exist: create one with \`catalyst init ${root}\`, or pass --project DIR.`,
    );
  }
  if (!info.isDirectory())
    throw new CatalystError('not_a_project', `${root} is a file, not a project folder.`);
  const manifest = await stat(join(root, MANIFEST_FILE)).catch(() => undefined);
  if (!manifest?.isFile()) {
    throw new CatalystError(
      'not_a_project',
      `No ${MANIFEST_FILE} in ${root}: run \`catalyst init\` to create a project there, or pass --project DIR to point at one.`,
    );
  }
}

async function readSourceFile(root: string, path: string): Promise<SourceFile> {
  try {
    return { path, text: await readFile(join(root, path), 'utf8') };
  } catch (error) {
    throw cannotRead(root, path, error);
  }
}

function readSourceFileSync(root: string, path: string): SourceFile {
  try {
    return { path, text: readFileSync(join(root, path), 'utf8') };
  } catch (error) {
    throw cannotRead(root, path, error);
  }
}

function cannotRead(root: string, path: string, error: unknown): CatalystError {
  return new CatalystError('io_failed', `Cannot read ${join(root, path)}: ${(error as Error).message}`, {
    file: path,
    cause: error,
  });
}

/** The workflow file names of a project (`workflows/*.json`, hidden files skipped), sorted. */
export async function workflowFileNames(root: string): Promise<string[]> {
  const entries = await readdir(join(root, WORKFLOWS_DIR), { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The file a workflow called `name` gets: `workflows/<slug>.json`, or `<slug>_2.json`,
 * `_3`… when another workflow already uses that file. `taken` holds project-relative paths.
 */
export function workflowFileFor(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((p) => p.toLowerCase()));
  const slug = slugify(name);
  for (let n = 1; ; n++) {
    const file = `${WORKFLOWS_DIR}/${n === 1 ? slug : `${slug}_${n}`}.json`;
    if (!used.has(file)) return file;
  }
}

/** catalyst.json's text, through its schema so keys come out in schema order. */
export function manifestText(manifest: ProjectManifest): { parsed: ProjectManifest; text: string } {
  const parsed = projectManifestSchema.parse(manifest);
  return { parsed, text: stableJson(parsed) };
}

/** A workflow file's text, through its schema. */
export function workflowText(workflow: Workflow): { parsed: Workflow; text: string } {
  const parsed = workflowSchema.parse(workflow);
  return { parsed, text: stableJson(parsed) };
}

/** Writes catalyst.json through its schema, so keys come out in schema order. */
export async function writeManifest(dir: string, manifest: ProjectManifest): Promise<ProjectManifest> {
  const { parsed, text } = manifestText(manifest);
  await atomicWrite(join(dir, MANIFEST_FILE), text);
  return parsed;
}

/** Writes one workflow file (path relative to the project) through its schema. */
export async function writeWorkflowFile(dir: string, file: string, workflow: Workflow): Promise<Workflow> {
  const { parsed, text } = workflowText(workflow);
  await mkdir(join(dir, WORKFLOWS_DIR), { recursive: true });
  await atomicWrite(join(dir, file), text);
  return parsed;
}
