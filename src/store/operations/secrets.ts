import { z } from 'zod';
import { CatalystError } from '../../errors.js';
import { childPath } from '../../model/json-path.js';
import { descriptionSchema, envNameSchema, type SecretMeta } from '../../model/project.js';
import { assertVersions, type ExpectedVersions } from '../file-version.js';
import type { SecretsWorkspace } from '../workspace-ports.js';
import { parseInput } from './input.js';
import { loadState, type ProjectState, saveManifest, withProject } from './session.js';

/**
 * Secrets: the name and description live in catalyst.json (they are part of the project's
 * contract), the value only in the workspace vault, scoped by project id — never in the
 * folder, so never in git.
 */
export interface SecretInput {
  name: string;
  /** Required for a new secret; absent keeps the stored value. */
  value?: string;
  /** null removes the description. */
  description?: string | null;
}

export interface SecretListing extends SecretMeta {
  /** Whether this workspace holds a value for it (a fresh clone has none yet). */
  hasValue: boolean;
}

const secretInputSchema = z.object({
  name: envNameSchema,
  value: z.string().min(1, 'The value is empty').optional(),
  description: z.union([descriptionSchema, z.null()]).optional(),
});

/** Adds or updates a secret. */
export function setSecret(
  dir: string,
  workspace: SecretsWorkspace,
  input: SecretInput,
  expected?: ExpectedVersions,
): Promise<SecretMeta> {
  return writeSecret(dir, workspace, input, 'set', expected);
}

/** Like setSecret, but refused when the secret exists. */
export function addSecret(dir: string, workspace: SecretsWorkspace, input: SecretInput): Promise<SecretMeta> {
  return writeSecret(dir, workspace, input, 'add');
}

/** Like setSecret, but refused when the secret does not exist. */
export function updateSecret(
  dir: string,
  workspace: SecretsWorkspace,
  input: SecretInput,
): Promise<SecretMeta> {
  return writeSecret(dir, workspace, input, 'update');
}

async function writeSecret(
  dir: string,
  workspace: SecretsWorkspace,
  input: SecretInput,
  mode: 'set' | 'add' | 'update',
  expected?: ExpectedVersions,
): Promise<SecretMeta> {
  return withProject(dir, async (state) => {
    await assertVersions(state, expected);
    const parsed = parseInput(secretInputSchema, input, 'secret');
    const existing = state.manifest.secrets[parsed.name];
    if (mode === 'add' && existing) {
      throw new CatalystError('conflict', `Secret ${parsed.name} already exists: update it instead.`, {
        file: 'catalyst.json',
        path: childPath('$.secrets', parsed.name),
      });
    }
    if (mode === 'update' && !existing) throw missingSecret(state, parsed.name);
    assertNotEnvVar(state, parsed.name);
    if (!existing && parsed.value === undefined) {
      throw new CatalystError('invalid_input', `Secret ${parsed.name} is new: give it a value.`);
    }
    let updatedAt = existing?.updatedAt;
    if (parsed.value !== undefined) {
      updatedAt = workspace.vault.set(state.manifest.id, parsed.name, parsed.value).updatedAt;
    }
    const meta: SecretMeta = { name: parsed.name };
    const description = parsed.description === undefined ? existing?.description : parsed.description;
    if (description !== null && description !== undefined) meta.description = description;
    if (updatedAt !== undefined) meta.updatedAt = updatedAt;
    state.manifest.secrets = { ...state.manifest.secrets, [parsed.name]: meta };
    await saveManifest(state);
    return state.manifest.secrets[parsed.name]!;
  });
}

export async function deleteSecret(
  dir: string,
  workspace: SecretsWorkspace,
  name: string,
  expected?: ExpectedVersions,
): Promise<SecretMeta> {
  return withProject(dir, async (state) => {
    await assertVersions(state, expected);
    const existing = state.manifest.secrets[name];
    if (!existing) throw missingSecret(state, name);
    workspace.vault.delete(state.manifest.id, name);
    const { [name]: _removed, ...rest } = state.manifest.secrets;
    state.manifest.secrets = rest;
    await saveManifest(state);
    return existing;
  });
}

export async function listSecrets(dir: string, workspace: SecretsWorkspace): Promise<SecretListing[]> {
  const state = await loadState(dir);
  return Object.values(state.manifest.secrets).map((meta) => ({
    ...meta,
    hasValue: workspace.vault.has(state.manifest.id, meta.name),
  }));
}

/** The value itself. Only explicit reveal commands and deploy call this. */
export async function revealSecret(dir: string, workspace: SecretsWorkspace, name: string): Promise<string> {
  const state = await loadState(dir);
  if (!state.manifest.secrets[name]) throw missingSecret(state, name);
  return workspace.vault.reveal(state.manifest.id, name);
}

function missingSecret(state: ProjectState, name: string): CatalystError {
  const known = Object.keys(state.manifest.secrets).join(', ') || 'none';
  return new CatalystError(
    'not_found',
    `No secret ${name} in project ${state.manifest.name} (secrets: ${known}).`,
    {
      file: 'catalyst.json',
      path: '$.secrets',
    },
  );
}

/** Both become environment variables of the app, so one name cannot be both. */
function assertNotEnvVar(state: ProjectState, name: string): void {
  if (Object.hasOwn(state.manifest.envVars, name)) {
    throw new CatalystError(
      'conflict',
      `${name} is already an env var of this project; a secret and an env var cannot share a name (both become environment variables of the app).`,
      { file: 'catalyst.json', path: childPath('$.envVars', name) },
    );
  }
}
