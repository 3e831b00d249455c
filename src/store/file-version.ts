import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CatalystError } from '../errors.js';
import type { LoadedWorkflow, ProjectSource } from '../model/project-files.js';
import { MANIFEST_FILE } from './project-folder.js';
import { stableJson } from './stable-json.js';

/**
 * The version of a project file: a hash of its text. Every read the studio serves carries
 * it; a write that names the version it was based on is refused once the file has changed
 * on disk meanwhile (the CLI, another tab, a text editor), instead of overwriting the change.
 */
export function fileVersion(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

/** The version of the file a workflow is written as (the store writes its stable JSON). */
export function writtenVersion(value: unknown): string {
  return fileVersion(stableJson(value));
}

/** Versions a write was based on; absent ones are not checked (the CLI writes unconditionally). */
export interface ExpectedVersions {
  /** Of catalyst.json. */
  manifest?: string | undefined;
  /** Of one workflow's file, by workflow id. */
  workflow?: { id: string; version: string } | undefined;
}

/** A write based on a version that is no longer on disk; `current` is the version there now. */
export class StaleVersionError extends CatalystError {
  constructor(
    file: string,
    what: string,
    readonly current: string,
  ) {
    super(
      'conflict',
      `${what} changed on disk since it was loaded (by the CLI, another tab or an editor): reload to see the change, or overwrite it.`,
      { file },
    );
  }
}

async function versionOnDisk(dir: string, file: string): Promise<string | undefined> {
  const text = await readFile(join(dir, file), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : fileVersion(text);
}

/**
 * Throws StaleVersionError when a file changed since the version `expected` names. Called
 * inside a change, under the project's edit lock, so no other Catalyst writer can slip in
 * between this check and the write.
 */
export async function assertVersions(
  state: { dir: string; workflows: LoadedWorkflow[] },
  expected: ExpectedVersions | undefined,
): Promise<void> {
  if (expected?.manifest !== undefined) {
    const current = await versionOnDisk(state.dir, MANIFEST_FILE);
    if (current !== undefined && current !== expected.manifest) {
      throw new StaleVersionError(MANIFEST_FILE, `The project settings (${MANIFEST_FILE})`, current);
    }
  }
  const wanted = expected?.workflow;
  if (wanted !== undefined) {
    const loaded = state.workflows.find((w) => w.workflow.id === wanted.id);
    if (!loaded) return; // the operation itself says the workflow is gone
    const current = await versionOnDisk(state.dir, loaded.file);
    if (current !== undefined && current !== wanted.version) {
      throw new StaleVersionError(loaded.file, `Workflow ${loaded.workflow.name} (${loaded.file})`, current);
    }
  }
}

/** Versions of every file of a project as read: catalyst.json, and each workflow file by path. */
export interface SourceVersions {
  manifest: string;
  workflows: Map<string, string>;
}

export function sourceVersions(source: ProjectSource): SourceVersions {
  return {
    manifest: fileVersion(source.manifest.text),
    workflows: new Map(source.workflows.map((f) => [f.path, fileVersion(f.text)])),
  };
}
