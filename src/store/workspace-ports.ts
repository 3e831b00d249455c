/**
 * What the project operations need from the workspace, declared by the store so that the store
 * never imports src/workspace (ARCHITECTURE.md): the workspace's `ProjectRegistry` and `Vault`
 * fit these shapes, and callers (CLI, studio) pass their open workspace as it is.
 */

/** A project folder the workspace knows about (the studio lists these). */
export interface RegisteredProject {
  id: string;
  path: string;
  name: string;
  registeredAt: string;
}

/** The workspace's list of project folders, by id and by path. */
export interface ProjectRegistry {
  register(project: { id: string; name: string; path: string }): RegisteredProject;
  find(idOrPath: string): RegisteredProject | undefined;
  unregister(idOrPath: string): RegisteredProject | undefined;
}

/** Secret values, kept outside the project folder and scoped by project id. */
export interface SecretValues {
  set(projectId: string, name: string, value: string): { updatedAt: string };
  has(projectId: string, name: string): boolean;
  /** The value itself: only explicit reveal commands and deploy ask for it. */
  reveal(projectId: string, name: string): string;
  delete(projectId: string, name: string): boolean;
  /** Deletes every value of a project; the count deleted. */
  deleteProject(projectId: string): number;
}

/** The parts of the workspace the store's operations use. */
export interface ProjectWorkspace {
  registry: ProjectRegistry;
  vault: SecretValues;
}

/** The secret operations need only the values. */
export type SecretsWorkspace = Pick<ProjectWorkspace, 'vault'>;
