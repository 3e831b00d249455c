import { deleteSecret, listSecrets, revealSecret, setSecret } from '../../store/project-store.js';
import { defineCommand, UsageError } from '../command.js';
import { table } from '../render.js';
import { readSecretValue } from '../stdin.js';

const NAME_ARG = { name: 'name', description: 'secret name, e.g. OPENAI_API_KEY' };

export const secretListCommand = defineCommand({
  name: ['secret', 'list'],
  summary: 'list secret names and whether this workspace holds a value (never the values)',
  async run({ projectDir }, ctx) {
    const secrets = await listSecrets(projectDir, ctx.workspace());
    const rows = secrets.map((s) => [
      s.name,
      s.hasValue ? 'set' : 'not set',
      s.updatedAt ?? '-',
      s.description ?? '',
    ]);
    return {
      data: { secrets },
      text: rows.length ? table(rows, ['NAME', 'VALUE', 'UPDATED', 'DESCRIPTION']) : '',
    };
  },
});

interface SetOptions {
  description?: string;
  keepValue?: boolean;
}

export const secretSetCommand = defineCommand<SetOptions>({
  name: ['secret', 'set'],
  summary: 'add or update a secret; the value is read from stdin, never from the command line',
  args: [NAME_ARG],
  options: [
    { flags: '--description <text>', description: 'what the secret is for' },
    { flags: '--keep-value', description: 'change only the description; do not read a value' },
  ],
  async run({ args, options, projectDir }, ctx) {
    const name = args['name']!;
    let value: string | undefined;
    if (!options.keepValue) {
      // Security: values come from stdin so they stay out of shell history and `ps`.
      value = await readSecretValue(ctx, `Value of ${name} (input hidden): `);
      if (value === '') {
        throw new UsageError(
          `no value on stdin for secret ${name}: pipe it in, e.g. \`printf %s "$VALUE" | catalyst secret set ${name}\``,
        );
      }
    } else if (options.description === undefined) {
      throw new UsageError('--keep-value needs --description (otherwise there is nothing to change)');
    }
    const secret = await setSecret(projectDir, ctx.workspace(), {
      name,
      ...(value === undefined ? {} : { value }),
      ...(options.description === undefined ? {} : { description: options.description }),
    });
    ctx.note(
      `Saved secret ${secret.name} (value encrypted in the workspace vault, not in the project folder).`,
    );
    return { data: { secret } };
  },
});

export const secretDeleteCommand = defineCommand({
  name: ['secret', 'delete'],
  summary: 'delete a secret and its stored value',
  args: [NAME_ARG],
  async run({ args, projectDir }, ctx) {
    const secret = await deleteSecret(projectDir, ctx.workspace(), args['name']!);
    ctx.note(`Deleted secret ${secret.name}.`);
    return { data: { deleted: secret } };
  },
});

export const secretRevealCommand = defineCommand({
  name: ['secret', 'reveal'],
  summary: "print a secret's value on stdout (the only command that shows one)",
  args: [NAME_ARG],
  async run({ args, projectDir }, ctx) {
    const name = args['name']!;
    const value = await revealSecret(projectDir, ctx.workspace(), name);
    return { data: { name, value }, text: value };
  },
});

export const secretCommands = [secretListCommand, secretSetCommand, secretDeleteCommand, secretRevealCommand];
