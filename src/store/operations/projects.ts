import { randomBytes } from 'node:crypto';
import { access, readFile, realpath, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { CatalystError } from '../../errors.js';
import { demoProject } from '../../model/demo.js';
import { DISPLAY_NAME_HINT, SCHEMA_VERSION } from '../../model/limits.js';
import {
  descriptionSchema,
  gitSettingsSchema,
  type ProjectManifest,
  projectManifestSchema,
  projectNameSchema,
} from '../../model/project.js';
import type { LoadedWorkflow, Project } from '../../model/project-files.js';
import { atomicWrite } from '../atomic-write.js';
import { assertVersions, type ExpectedVersions } from '../file-version.js';
import { assertCreatableFolder, makeDir } from '../folder-safety.js';
import { type GitOptions, gitAdd, gitCommit, gitInit, gitTopLevel } from '../git.js';
import {
  GITIGNORE_FILE,
  GITIGNORE_RULES,
  GITIGNORE_TEXT,
  MANIFEST_FILE,
  WORKFLOWS_DIR,
  writeManifest,
  writeWorkflowFile,
} from '../project-folder.js';
import type { ProjectWorkspace, RegisteredProject } from '../workspace-ports.js';
import { parseInput } from './input.js';
import { loadState, saveManifest, withProject } from './session.js';

export interface CreateProjectInput {
  /** Defaults to the folder's name. */
  name?: string;
  description?: string;
  /** Creates the demo project of DESIGN §8 instead of an empty one. */
  example?: boolean;
}

export interface CreateProjectOptions {
  /** Registers the new project here. */
  workspace?: ProjectWorkspace;
  git?: GitOptions;
}

export interface CreatedProject {
  dir: string;
  manifest: ProjectManifest;
  workflows: LoadedWorkflow[];
  /** The first commit's sha. */
  commit: string;
  registered?: RegisteredProject;
}

/**
 * Creates a project folder: catalyst.json (with a default `local` Docker target),
 * workflows/, .gitignore, a git repository on branch main and a first commit. A folder
 * that already holds files is fine (only Catalyst's files are committed); one that already
 * holds a project is refused.
 */
export async function createProject(
  dir: string,
  input: CreateProjectInput = {},
  options: CreateProjectOptions = {},
): Promise<CreatedProject> {
  const root = resolve(dir);
  // Before anything touches it: a system folder (/proc…), a file or a read-only place is refused.
  await assertCreatableFolder(root);
  if (await exists(join(root, MANIFEST_FILE))) {
    throw new CatalystError(
      'conflict',
      `${root} already holds a Catalyst project (${MANIFEST_FILE} exists).`,
      {
        file: MANIFEST_FILE,
      },
    );
  }
  const name = projectName(root, input.name);
  const description = parseInput(descriptionSchema, input.description ?? '', 'description');
  const now = new Date().toISOString();
  const id = `proj_${randomBytes(4).toString('hex')}`;
  const template: Project = input.example
    ? demoProject({ id, name, now })
    : {
        manifest: {
          schemaVersion: SCHEMA_VERSION,
          id,
          name,
          description,
          version: '0.1.0',
          createdAt: now,
          updatedAt: now,
          deploymentTargets: {
            local: { id: 'local', name: 'Local', platform: 'docker', platformConfig: {} },
          },
          envVars: {},
          secrets: {},
          sharedFunctions: {},
        },
        workflows: [],
      };
  if (input.example && input.description !== undefined) template.manifest.description = description;

  await makeDir(join(root, WORKFLOWS_DIR)).catch((error: NodeJS.ErrnoException) => {
    throw new CatalystError(
      'io_failed',
      `Cannot create the project folder ${root}: ${error.code ?? error.message}.`,
      {
        cause: error,
      },
    );
  });
  const workflows: LoadedWorkflow[] = [];
  for (const { file, workflow } of template.workflows) {
    workflows.push({ file, workflow: await writeWorkflowFile(root, file, workflow) });
  }
  await writeGitignore(root);
  // Last: the folder is a project only once catalyst.json exists, so a process killed
  // before this line leaves no half-made project (running init again finishes it).
  const manifest = await writeManifest(root, template.manifest);

  // A folder inside another repository still gets its own: the project is its own history.
  const top = await gitTopLevel(root, options.git);
  if (top === undefined || (await realpath(top)) !== (await realpath(root))) await gitInit(root, options.git);
  await gitAdd(root, [MANIFEST_FILE, GITIGNORE_FILE, WORKFLOWS_DIR], options.git);
  const commit = await gitCommit(root, `Create project ${name}`, options.git);

  const created: CreatedProject = { dir: root, manifest, workflows, commit };
  if (options.workspace) created.registered = options.workspace.registry.register({ id, name, path: root });
  return created;
}

function projectName(root: string, given: string | undefined): string {
  if (given !== undefined) return parseInput(projectNameSchema, given, 'project name');
  const fromFolder = projectNameSchema.safeParse(basename(root));
  if (!fromFolder.success) {
    throw new CatalystError(
      'invalid_input',
      `The folder name "${basename(root)}" is not a valid project name: pass --name (${DISPLAY_NAME_HINT}).`,
    );
  }
  return fromFolder.data;
}

/** Writes init's .gitignore, or adds to the user's own the rules it does not have yet. */
async function writeGitignore(root: string): Promise<void> {
  const file = join(root, GITIGNORE_FILE);
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === undefined) return atomicWrite(file, GITIGNORE_TEXT);
  const lines = new Set(current.split('\n').map((line) => line.trim()));
  const missing = GITIGNORE_RULES.filter((rule) => !rule.covered.some((c) => lines.has(c)));
  if (missing.length === 0) return;
  const added = `# Added by Catalyst (never committed)\n${missing.map((r) => r.line).join('\n')}\n`;
  await atomicWrite(file, `${current}${current.endsWith('\n') || current === '' ? '' : '\n'}${added}`);
}

export interface ProjectChanges {
  name?: string;
  description?: string;
  version?: string;
  /** Fields set to null are removed. */
  git?: { repoUrl?: string | null; branch?: string | null };
}

const projectChangesSchema = z.object({
  name: projectNameSchema.optional(),
  description: descriptionSchema.optional(),
  version: projectManifestSchema.shape.version.optional(),
  git: z
    .object({
      repoUrl: z.union([z.string(), z.null()]).optional(),
      branch: z.union([z.string(), z.null()]).optional(),
    })
    .optional(),
});

export async function updateProject(
  dir: string,
  changes: ProjectChanges,
  options: { workspace?: ProjectWorkspace; expected?: ExpectedVersions } = {},
): Promise<ProjectManifest> {
  return withProject(dir, async (state) => {
    await assertVersions(state, options.expected);
    const patch = parseInput(projectChangesSchema, changes, 'project changes');
    const next = { ...state.manifest };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.description !== undefined) next.description = patch.description;
    if (patch.version !== undefined) next.version = patch.version;
    if (patch.git) {
      const git: Record<string, unknown> = { ...next.git };
      for (const [key, value] of Object.entries(patch.git)) {
        if (value === null) delete git[key];
        else if (value !== undefined) git[key] = value;
      }
      const parsed = parseInput(gitSettingsSchema, git, 'git settings');
      if (Object.keys(parsed).length === 0) delete next.git;
      else next.git = parsed;
    }
    state.manifest = next;
    const saved = await saveManifest(state);
    const registered = options.workspace?.registry.find(state.dir);
    if (registered) options.workspace!.registry.register({ id: saved.id, name: saved.name, path: state.dir });
    return saved;
  });
}

/** Adds a project folder to the workspace registry (the studio lists registered projects). */
export async function registerProject(dir: string, workspace: ProjectWorkspace): Promise<RegisteredProject> {
  const state = await loadState(resolve(dir));
  return workspace.registry.register({ id: state.manifest.id, name: state.manifest.name, path: state.dir });
}

export interface DeletedProject {
  id?: string;
  path: string;
  unregistered: boolean;
  deletedFolder: boolean;
  deletedSecrets: number;
}

/**
 * Removes a project from the workspace. The folder (and the project's secret values) are
 * deleted only when `deleteFolder` is set; otherwise re-registering brings it all back.
 */
export async function deleteProject(
  dirOrId: string,
  workspace: ProjectWorkspace,
  options: { deleteFolder?: boolean } = {},
): Promise<DeletedProject> {
  const registered = workspace.registry.find(dirOrId);
  const path = registered?.path ?? resolve(dirOrId);
  const id = registered?.id ?? (await manifestId(path));
  if (!registered && id === undefined) {
    throw new CatalystError('not_found', `No registered project and no Catalyst project at ${dirOrId}.`);
  }
  // Safety: only ever delete a folder that is a Catalyst project (checked before changing anything).
  if (options.deleteFolder && !(await exists(join(path, MANIFEST_FILE)))) {
    throw new CatalystError('not_a_project', `Refusing to delete ${path}: it holds no ${MANIFEST_FILE}.`);
  }
  const result: DeletedProject = {
    path,
    unregistered: workspace.registry.unregister(id ?? path) !== undefined,
    deletedFolder: false,
    deletedSecrets: 0,
  };
  if (id !== undefined) result.id = id;
  if (options.deleteFolder) {
    if (id !== undefined) result.deletedSecrets = workspace.vault.deleteProject(id);
    await rm(path, { recursive: true, force: true });
    result.deletedFolder = true;
  }
  return result;
}

async function manifestId(path: string): Promise<string | undefined> {
  try {
    const json = JSON.parse(await readFile(join(path, MANIFEST_FILE), 'utf8')) as { id?: unknown };
    return typeof json.id === 'string' ? json.id : undefined;
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
