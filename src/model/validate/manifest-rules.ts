import type { Problem, Project } from '../project-files.js';
import { manifestProblem } from './problem.js';

/** Keys of targets, secrets and shared functions must equal the id/name inside them: both are used as the id. */
export function manifestKeysMatch(project: Project): Problem[] {
  const { deploymentTargets, secrets, sharedFunctions } = project.manifest;
  const problems: Problem[] = [];
  for (const [key, target] of Object.entries(deploymentTargets)) {
    if (key !== target.id) {
      problems.push(
        manifestProblem(
          ['deploymentTargets', key, 'id'],
          `Target key '${key}' differs from its id '${target.id}': make the key and the id the same`,
        ),
      );
    }
  }
  for (const [key, secret] of Object.entries(secrets)) {
    if (key !== secret.name) {
      problems.push(
        manifestProblem(
          ['secrets', key, 'name'],
          `Secret key '${key}' differs from its name '${secret.name}': make the key and the name the same`,
        ),
      );
    }
  }
  for (const [key, fn] of Object.entries(sharedFunctions)) {
    if (key !== fn.id) {
      problems.push(
        manifestProblem(
          ['sharedFunctions', key, 'id'],
          `Shared function key '${key}' differs from its id '${fn.id}': make the key and the id the same`,
        ),
      );
    }
  }
  return problems;
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
