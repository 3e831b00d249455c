import { z } from 'zod';
import { CatalystError } from '../../errors.js';
import { childPath } from '../../model/json-path.js';
import { descriptionSchema, type SharedFunction, sharedFunctionSchema } from '../../model/project.js';
import { sharedFunctionIssues } from '../../model/validate/shared-function-rules.js';
import { assertVersions, type ExpectedVersions } from '../file-version.js';
import { parseInput } from './input.js';
import { listWords } from './lookup.js';
import { type ProjectState, saveManifest, withProject } from './session.js';

/**
 * Shared functions (DESIGN §2 `sharedFunctions`): Python helpers in catalyst.json that the
 * generator writes to `shared/__init__.py`; a code node that mentions one by name gets
 * `from shared import <name>`. Writes are checked by the model's own rules
 * (`sharedFunctionIssues`: what would break the generated app at import time), one field at a
 * time; deleting or renaming a function that code still uses is refused here.
 */
export interface SharedFunctionInput {
  name: string;
  description?: string | undefined;
  code: string;
  /** Defaults to the name (with `_2`, `_3`… when taken). */
  id?: string | undefined;
}

export interface SharedFunctionChanges {
  name?: string;
  /** null or '' removes the description. */
  description?: string | null;
  code?: string;
}

/** A code node or another shared function that mentions a function by name. */
export interface SharedFunctionUse {
  /** `node` of `workflow`, or the shared function `sharedFunction`. */
  workflow?: string;
  node?: string;
  sharedFunction?: string;
}

const inputSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  code: z.string(),
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'Id may hold letters, digits, _ and - only')
    .optional(),
});

const changesSchema = z.object({
  name: z.string().optional(),
  description: z.union([z.string(), z.null()]).optional(),
  code: z.string().optional(),
});

export async function addSharedFunction(
  dir: string,
  input: SharedFunctionInput,
  expected?: ExpectedVersions,
): Promise<SharedFunction> {
  return withProject(dir, async (state) => {
    await assertVersions(state, expected);
    const given = parseInput(inputSchema, input, 'shared function');
    const existing = state.manifest.sharedFunctions;
    if (given.id !== undefined && existing[given.id]) {
      throw new CatalystError('conflict', `A shared function with id ${given.id} already exists.`, {
        file: 'catalyst.json',
        path: childPath(childPath('$.sharedFunctions', given.id), 'id'),
      });
    }
    const name = given.name.trim();
    const id = given.id ?? freeId(existing, name);
    const fn = checked(state, id, {
      id,
      name,
      language: 'python',
      code: given.code,
      ...(given.description?.trim() ? { description: given.description.trim() } : {}),
    });
    state.manifest.sharedFunctions = { ...existing, [id]: fn };
    await saveManifest(state);
    return state.manifest.sharedFunctions[id]!;
  });
}

export async function updateSharedFunction(
  dir: string,
  id: string,
  changes: SharedFunctionChanges,
  expected?: ExpectedVersions,
): Promise<SharedFunction> {
  return withProject(dir, async (state) => {
    await assertVersions(state, expected);
    const current = findSharedFunction(state, id);
    const patch = parseInput(changesSchema, changes, `changes to shared function ${current.name}`);
    const next: SharedFunction = { ...current };
    if (patch.name !== undefined) next.name = patch.name.trim();
    if (patch.code !== undefined) next.code = patch.code;
    if (patch.description === null || patch.description?.trim() === '') delete next.description;
    else if (patch.description !== undefined) next.description = patch.description.trim();
    if (next.name !== current.name) {
      const uses = sharedFunctionUses(state, current.name, id);
      if (uses.length > 0) {
        throw new CatalystError(
          'in_use',
          `Cannot rename ${current.name} to ${next.name}: ${describeUses(uses)} ${uses.length === 1 ? 'calls' : 'call'} it by its name, and would stop working. Change that code to the new name after adding a function under it, or keep the name.`,
          { file: 'catalyst.json', path: childPath(childPath('$.sharedFunctions', id), 'name') },
        );
      }
    }
    state.manifest.sharedFunctions = { ...state.manifest.sharedFunctions, [id]: checked(state, id, next) };
    await saveManifest(state);
    return state.manifest.sharedFunctions[id]!;
  });
}

/** Refused while a code node (or another shared function) mentions it: that code would fail. */
export async function deleteSharedFunction(
  dir: string,
  id: string,
  expected?: ExpectedVersions,
): Promise<SharedFunction> {
  return withProject(dir, async (state) => {
    await assertVersions(state, expected);
    const fn = findSharedFunction(state, id);
    const uses = sharedFunctionUses(state, fn.name, id);
    if (uses.length > 0) {
      throw new CatalystError(
        'in_use',
        `Cannot delete ${fn.name}: ${describeUses(uses)} ${uses.length === 1 ? 'uses' : 'use'} it. Remove ${fn.name} from that code first.`,
        { file: 'catalyst.json', path: childPath('$.sharedFunctions', id) },
      );
    }
    const { [id]: _removed, ...rest } = state.manifest.sharedFunctions;
    state.manifest.sharedFunctions = rest;
    await saveManifest(state);
    return fn;
  });
}

/**
 * Where `name` is used: every code node whose code mentions it as a word (the compiler's own
 * rule for importing it) and every other shared function that does.
 */
export function sharedFunctionUses(state: ProjectState, name: string, ownId?: string): SharedFunctionUse[] {
  const word = new RegExp(`\\b${name}\\b`);
  const uses: SharedFunctionUse[] = [];
  for (const { workflow } of state.workflows) {
    for (const node of Object.values(workflow.nodes)) {
      const code = node.type === 'code' ? node.config['code'] : undefined;
      if (typeof code === 'string' && word.test(code))
        uses.push({ workflow: workflow.name, node: node.name });
    }
  }
  for (const other of Object.values(state.manifest.sharedFunctions)) {
    if (other.id !== ownId && word.test(other.code)) uses.push({ sharedFunction: other.name });
  }
  return uses;
}

function describeUses(uses: SharedFunctionUse[]): string {
  const words = uses.map((u) =>
    u.sharedFunction !== undefined
      ? `shared function ${u.sharedFunction}`
      : `node "${u.node}" of workflow ${u.workflow}`,
  );
  return listWords(words);
}

function findSharedFunction(state: ProjectState, id: string): SharedFunction {
  const fn = state.manifest.sharedFunctions[id];
  if (fn) return fn;
  const known =
    Object.values(state.manifest.sharedFunctions)
      .map((f) => f.name)
      .join(', ') || 'none';
  throw new CatalystError(
    'not_found',
    `No shared function ${id} in project ${state.manifest.name} (shared functions: ${known}).`,
    { file: 'catalyst.json', path: '$.sharedFunctions' },
  );
}

function freeId(existing: Record<string, SharedFunction>, name: string): string {
  const base = name.replace(/[^A-Za-z0-9_-]+/g, '_') || 'function';
  let id = base;
  for (let n = 2; existing[id]; n++) id = `${base}_${n}`;
  return id;
}

/**
 * The function as it will be saved, or the first problem with it, on the field it concerns
 * (`…name`, `…code`, `…description`), in words a user can act on.
 */
function checked(state: ProjectState, id: string, fn: SharedFunction): SharedFunction {
  const at = childPath('$.sharedFunctions', id);
  const refuse = (field: 'name' | 'code' | 'description', message: string): never => {
    throw new CatalystError('invalid_input', message, { file: 'catalyst.json', path: childPath(at, field) });
  };
  const issue = sharedFunctionIssues(fn, state.manifest.sharedFunctions)[0];
  if (issue) refuse(issue.field, issue.message);
  const description = fn.description === undefined ? undefined : descriptionSchema.safeParse(fn.description);
  if (description && !description.success) refuse('description', description.error.issues[0]!.message);
  // The model's own schema last: whatever it refuses is refused here too.
  return parseInput(sharedFunctionSchema, fn, `shared function ${fn.name}`);
}
