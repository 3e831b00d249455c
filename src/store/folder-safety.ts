import { constants } from 'node:fs';
import { access, mkdir, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CatalystError } from '../errors.js';

/**
 * Pseudo file systems of the operating system. Nothing of ours belongs there, and some
 * calls never return inside them (a recursive mkdir under /proc spins forever), so they are
 * refused before anything touches them.
 */
const SYSTEM_FOLDERS = ['/proc', '/sys', '/dev'];

/** The system folder `path` lies in (or is), if any. */
export function systemFolderOf(path: string): string | undefined {
  return SYSTEM_FOLDERS.find((root) => path === root || path.startsWith(`${root}${sep}`));
}

export interface ExistingAncestor {
  /** The deepest part of the path that exists (the path itself when it does). */
  path: string;
  isDirectory: boolean;
  /** `path` with every symlink resolved, joined with the parts that do not exist yet. */
  realTarget: string;
}

/** Walks up from `target` to the first part that exists; one step per path segment, so it always ends. */
export async function existingAncestor(target: string): Promise<ExistingAncestor> {
  let current = resolve(target);
  for (;;) {
    const info = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (info) {
      const real = await realpath(current).catch(() => current);
      return {
        path: current,
        isDirectory: info.isDirectory(),
        realTarget: join(real, relative(current, resolve(target))),
      };
    }
    const parent = dirname(current);
    if (parent === current) return { path: current, isDirectory: true, realTarget: resolve(target) };
    current = parent;
  }
}

/**
 * Refuses, with what to do, a folder a new project cannot or must not be created in: a
 * system folder (also when reached through a symlink such as /dev/fd), a file, a folder
 * that is not writable, or a path whose existing part is a file or not writable.
 */
export async function assertCreatableFolder(dir: string): Promise<void> {
  const root = resolve(dir);
  const anchor = await existingAncestor(root);
  const system = systemFolderOf(root) ?? systemFolderOf(anchor.realTarget);
  if (system) {
    throw new CatalystError(
      'invalid_input',
      `Refusing to create a project in ${root}: ${system} is a system folder of the operating system, not a place for your files. Choose a folder in your home or workspace.`,
    );
  }
  if (!anchor.isDirectory) {
    throw new CatalystError(
      'invalid_input',
      anchor.path === root
        ? `Cannot create a project in ${root}: it is a file, not a folder. Choose another folder.`
        : `Cannot create a project in ${root}: ${anchor.path} is a file, not a folder. Choose another folder.`,
    );
  }
  const writable = await access(anchor.path, constants.W_OK | constants.X_OK).then(
    () => true,
    () => false,
  );
  if (!writable) {
    throw new CatalystError(
      'invalid_input',
      anchor.path === root
        ? `Cannot create a project in ${root}: the folder is not writable. Choose a folder you can write to.`
        : `Cannot create a project in ${root}: ${anchor.path} is not writable, so the folder cannot be made there. Choose a folder you can write to.`,
    );
  }
}

/**
 * `mkdir -p` that always ends: the missing parts are found by walking up once and made
 * one by one, so a file system that answers "not found" for a folder it will never hold
 * (procfs) gives an error instead of Node's endless recursive retry.
 */
export async function makeDir(dir: string): Promise<void> {
  const target = resolve(dir);
  const anchor = await existingAncestor(target);
  if (!anchor.isDirectory) {
    throw Object.assign(new Error(`ENOTDIR: ${anchor.path} is a file, not a folder`), { code: 'ENOTDIR' });
  }
  const missing = relative(anchor.path, target).split(sep).filter(Boolean);
  let current = anchor.path;
  for (const part of missing) {
    current = join(current, part);
    await mkdir(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}
