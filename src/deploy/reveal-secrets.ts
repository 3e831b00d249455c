import { DeployError } from './deploy-error.js';
import type { DeployWorkspace } from './deploy-workspace.js';

/** Values of the secrets an app needs, from the vault; a missing one is a DeployError that says what to run. */
export function revealSecrets(
  workspace: DeployWorkspace,
  projectId: string,
  names: readonly string[],
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    if (!workspace.vault.has(projectId, name)) {
      throw new DeployError(
        `Secret ${name} has no value in this workspace: set it with \`catalyst secret set ${name}\` (the value is read from stdin)`,
      );
    }
    values[name] = workspace.vault.reveal(projectId, name);
  }
  return values;
}
