import type { Problem, Project } from '../project-files.js';
import { manifestProblem } from './problem.js';

/** Keys of targets, secrets and shared functions must equal the id/name inside them: both are used as the id. */
export function manifestKeysMatch(project: Project): Problem[] {
  const { deploymentTargets, secrets, sharedFunctions } = project.manifest;
  return [
    ...keyMismatches('deploymentTargets', 'Target', 'id', deploymentTargets),
    ...keyMismatches('secrets', 'Secret', 'name', secrets),
    ...keyMismatches('sharedFunctions', 'Shared function', 'id', sharedFunctions),
  ];
}

/** One problem for every entry of `entries` whose key differs from its own `field`. */
function keyMismatches<Field extends string>(
  section: string,
  label: string,
  field: Field,
  entries: Record<string, Record<Field, string>>,
): Problem[] {
  return Object.entries(entries)
    .filter(([key, entry]) => key !== entry[field])
    .map(([key, entry]) =>
      manifestProblem(
        [section, key, field],
        `${label} key '${key}' differs from its ${field} '${entry[field]}': make the key and the ${field} the same`,
      ),
    );
}

/** The app reads env vars and secrets from the same environment, so one name cannot be both. */
export function envAndSecretNamesDiffer(project: Project): Problem[] {
  const { envVars, secrets } = project.manifest;
  return Object.keys(secrets)
    .filter((name) => Object.hasOwn(envVars, name))
    .map((name) =>
      manifestProblem(
        ['secrets', name],
        `'${name}' is both an env var and a secret, and the app reads both from the environment: remove it from envVars or rename the secret`,
      ),
    );
}
