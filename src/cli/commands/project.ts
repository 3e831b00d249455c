import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PLATFORM_LABELS } from '../../model/project.js';
import { MANIFEST_FILE } from '../../store/project-folder.js';
import {
  deleteProject,
  describeProject,
  type ProjectChanges,
  type ProjectDescription,
  registerProject,
  updateProject,
} from '../../store/project-store.js';
import { defineCommand, UsageError } from '../command.js';
import { plural, table } from '../render.js';

export const projectShowCommand = defineCommand({
  name: ['project', 'show'],
  summary: 'show the project: targets, workflows, env vars, secret names, git state',
  async run({ projectDir }, ctx) {
    const description = await describeProject(projectDir, ctx.git);
    return { data: description, text: renderProject(description) };
  },
});

function renderProject({ dir, manifest, workflows, git }: ProjectDescription): string {
  const lines = [`${manifest.name} (${manifest.id}) v${manifest.version}`];
  if (manifest.description) lines.push(manifest.description);
  lines.push(`folder: ${dir}`);
  if (git) {
    const last = git.lastCommit ? `, last commit ${git.lastCommit.short} ${git.lastCommit.subject}` : '';
    lines.push(
      `git: ${git.branch ?? 'detached HEAD'}, ${git.clean ? 'clean' : `${plural(git.changedFiles.length, 'changed file')}`}${last}`,
    );
  }
  if (manifest.git?.repoUrl) lines.push(`remote: ${manifest.git.repoUrl}`);
  lines.push('', 'targets:');
  const targets = Object.values(manifest.deploymentTargets).map((t) => [
    `  ${t.id}`,
    PLATFORM_LABELS[t.platform],
    plural(workflows.filter((w) => w.deploymentTargetId === t.id).length, 'workflow'),
    t.url ?? '',
  ]);
  lines.push(targets.length ? table(targets).trimEnd() : '  (none)');
  lines.push('', 'workflows:');
  const rows = workflows.map((w) => [
    `  ${w.name}`,
    w.visibility,
    w.endpoint ? `${w.endpoint.method} ${w.endpoint.path}` : '-',
    `→ ${w.deploymentTargetId}`,
  ]);
  lines.push(rows.length ? table(rows).trimEnd() : '  (none)');
  lines.push('', `env vars: ${Object.keys(manifest.envVars).join(', ') || '(none)'}`);
  lines.push(`secrets: ${Object.keys(manifest.secrets).join(', ') || '(none)'}`);
  return `${lines.join('\n')}\n`;
}

interface UpdateOptions {
  name?: string;
  description?: string;
  version?: string;
  repoUrl?: string | false;
  branch?: string | false;
}

export const projectUpdateCommand = defineCommand<UpdateOptions>({
  name: ['project', 'update'],
  summary: "change the project's name, description, version or git settings",
  options: [
    { flags: '--name <name>', description: 'new name' },
    { flags: '--description <text>', description: 'new description' },
    { flags: '--version <semver>', description: 'new version, e.g. 0.2.0' },
    { flags: '--repo-url <url>', description: 'git remote URL' },
    { flags: '--no-repo-url', description: 'remove the git remote URL' },
    { flags: '--branch <name>', description: 'git branch to deploy from' },
    { flags: '--no-branch', description: 'remove the git branch setting' },
  ],
  async run({ options, projectDir }, ctx) {
    const changes: ProjectChanges = {};
    if (options.name !== undefined) changes.name = options.name;
    if (options.description !== undefined) changes.description = options.description;
    if (options.version !== undefined) changes.version = options.version;
    if (options.repoUrl !== undefined || options.branch !== undefined) {
      changes.git = {};
      if (options.repoUrl !== undefined)
        changes.git.repoUrl = options.repoUrl === false ? null : options.repoUrl;
      if (options.branch !== undefined) changes.git.branch = options.branch === false ? null : options.branch;
    }
    if (Object.keys(changes).length === 0) {
      throw new UsageError(
        'nothing to change: pass --name, --description, --version, --repo-url or --branch',
      );
    }
    const manifest = await updateProject(projectDir, changes, { workspace: ctx.workspace() });
    ctx.note(`Updated project ${manifest.name}.`);
    return { data: { project: manifest } };
  },
});

export const projectListCommand = defineCommand({
  name: ['project', 'list'],
  summary: 'list the projects registered in the workspace',
  async run(_input, ctx) {
    const projects = ctx
      .workspace()
      .registry.list()
      .map((p) => ({
        ...p,
        available: existsSync(join(p.path, MANIFEST_FILE)),
      }));
    if (projects.length === 0) ctx.note('No registered projects: create one with `catalyst init DIR`.');
    const rows = projects.map((p) => [p.name, p.id, p.available ? p.path : `${p.path} (missing)`]);
    return { data: { projects }, text: projects.length ? table(rows, ['NAME', 'ID', 'FOLDER']) : '' };
  },
});

export const projectRegisterCommand = defineCommand({
  name: ['project', 'register'],
  summary: 'add a project folder to the workspace (the studio lists registered projects)',
  args: [
    { name: 'dir', description: 'project folder (default: --project or the current folder)', optional: true },
  ],
  async run({ args, projectDir }, ctx) {
    const dir = args['dir'] === undefined ? projectDir : resolve(ctx.cwd, args['dir']);
    const registered = await registerProject(dir, ctx.workspace());
    ctx.note(`Registered ${registered.name} (${registered.path}).`);
    return { data: { project: registered } };
  },
});

interface UnregisterOptions {
  deleteFolder?: boolean;
}

export const projectUnregisterCommand = defineCommand<UnregisterOptions>({
  name: ['project', 'unregister'],
  summary: 'remove a project from the workspace; the folder stays unless --delete-folder',
  args: [
    {
      name: 'project',
      description: 'project folder or id (default: --project or the current folder)',
      optional: true,
    },
  ],
  options: [
    {
      flags: '--delete-folder',
      description: 'also delete the project folder and its secret values (cannot be undone)',
    },
  ],
  async run({ args, options, projectDir }, ctx) {
    const ref = args['project'];
    const target = ref === undefined ? projectDir : ref.startsWith('proj_') ? ref : resolve(ctx.cwd, ref);
    const deleted = await deleteProject(target, ctx.workspace(), {
      deleteFolder: Boolean(options.deleteFolder),
    });
    ctx.note(
      deleted.deletedFolder
        ? `Deleted ${deleted.path} and ${plural(deleted.deletedSecrets, 'secret value')}.`
        : deleted.unregistered
          ? `Unregistered ${deleted.path} (the folder is unchanged).`
          : `${deleted.path} was not registered (nothing changed).`,
    );
    return { data: deleted };
  },
});

export const projectCommands = [
  projectShowCommand,
  projectUpdateCommand,
  projectListCommand,
  projectRegisterCommand,
  projectUnregisterCommand,
];
