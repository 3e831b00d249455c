import { deleteEnvVar, loadState, setEnvVar } from '../../store/project-store.js';
import { defineCommand } from '../command.js';
import { table } from '../render.js';

export const envListCommand = defineCommand({
  name: ['env', 'list'],
  summary: "list the project's env vars (plain settings stored in catalyst.json)",
  async run({ projectDir }) {
    const { manifest } = await loadState(projectDir);
    const rows = Object.entries(manifest.envVars).map(([name, value]) => [name, value]);
    return { data: { envVars: manifest.envVars }, text: rows.length ? table(rows, ['NAME', 'VALUE']) : '' };
  },
});

export const envSetCommand = defineCommand({
  name: ['env', 'set'],
  summary: 'set an env var (for secrets use `catalyst secret set`: env vars are committed to git)',
  args: [
    { name: 'name', description: 'e.g. LOG_LEVEL' },
    { name: 'value', description: 'the value' },
  ],
  async run({ args, projectDir }, ctx) {
    const envVars = await setEnvVar(projectDir, args['name']!, args['value']!);
    ctx.note(`Set ${args['name']}.`);
    return { data: { envVars } };
  },
});

export const envDeleteCommand = defineCommand({
  name: ['env', 'delete'],
  summary: 'delete an env var',
  args: [{ name: 'name', description: 'e.g. LOG_LEVEL' }],
  async run({ args, projectDir }, ctx) {
    const envVars = await deleteEnvVar(projectDir, args['name']!);
    ctx.note(`Deleted ${args['name']}.`);
    return { data: { envVars } };
  },
});

export const envCommands = [envListCommand, envSetCommand, envDeleteCommand];
