import { z } from 'zod';
import { CatalystError } from '../../errors.js';
import { childPath } from '../../model/json-path.js';
import { envNameSchema, envValueSchema } from '../../model/project.js';
import { assertVersions, type ExpectedVersions } from '../file-version.js';
import { parseInput } from './input.js';
import { saveManifest, withProject } from './session.js';

const envInputSchema = z.object({ name: envNameSchema, value: envValueSchema });

/** Sets a plain project setting (stored in catalyst.json, so never put a secret here). */
export async function setEnvVar(
  dir: string,
  name: string,
  value: string,
  expected?: ExpectedVersions,
): Promise<Record<string, string>> {
  return withProject(dir, async (state) => {
    await assertVersions(state, expected);
    const what = envNameSchema.safeParse(name).success ? `env var ${name}` : 'env var';
    const parsed = parseInput(envInputSchema, { name, value }, what);
    if (Object.hasOwn(state.manifest.secrets, parsed.name)) {
      throw new CatalystError(
        'conflict',
        `${parsed.name} is already a secret of this project; a secret and an env var cannot share a name (both become environment variables of the app).`,
        { file: 'catalyst.json', path: childPath('$.secrets', parsed.name) },
      );
    }
    state.manifest.envVars = { ...state.manifest.envVars, [parsed.name]: parsed.value };
    await saveManifest(state);
    return state.manifest.envVars;
  });
}

export async function deleteEnvVar(
  dir: string,
  name: string,
  expected?: ExpectedVersions,
): Promise<Record<string, string>> {
  return withProject(dir, async (state) => {
    await assertVersions(state, expected);
    if (!Object.hasOwn(state.manifest.envVars, name)) {
      const known = Object.keys(state.manifest.envVars).join(', ') || 'none';
      throw new CatalystError(
        'not_found',
        `No env var ${name} in project ${state.manifest.name} (env vars: ${known}).`,
        {
          file: 'catalyst.json',
          path: '$.envVars',
        },
      );
    }
    const { [name]: _removed, ...rest } = state.manifest.envVars;
    state.manifest.envVars = rest;
    await saveManifest(state);
    return state.manifest.envVars;
  });
}
