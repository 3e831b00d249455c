import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { CliCommand, CommandContext, CommandResult } from './command.js';
import { COMMAND_GROUPS, COMMANDS } from './commands/index.js';

export interface Invocation {
  command: CliCommand;
  result: CommandResult | undefined;
  json: boolean;
}

export const PROGRAM_DESCRIPTION =
  'Catalyst: build workflows, compile each deployment target to a FastAPI app, deploy it.';

/**
 * Builds the commander program from the command table. Commander only parses: each
 * action hands its parsed input to the command's `run` and records what it returned, so
 * `main` prints results and maps errors in one place.
 */
export function buildProgram(ctx: CommandContext, onRun: (invocation: Invocation) => void): Command {
  const program = new Command('catalyst')
    .description(PROGRAM_DESCRIPTION)
    .option('--project <dir>', 'project folder (default: the current folder)')
    .option('--json', 'print one JSON document on stdout (human text stays on stderr)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void ctx.stdout.write(s),
      writeErr: (s) => void ctx.stderr.write(s),
    })
    .showHelpAfterError('(add --help for usage)');

  const groups = new Map<string, Command>();
  for (const definition of COMMANDS) {
    let parent = program;
    for (const [depth, word] of definition.name.slice(0, -1).entries()) {
      const key = definition.name.slice(0, depth + 1).join(' ');
      let group = groups.get(key);
      if (!group) {
        group = parent.command(word).description(COMMAND_GROUPS[key] ?? '');
        groups.set(key, group);
      }
      parent = group;
    }
    const command = parent.command(definition.name.at(-1)!).description(definition.summary);
    for (const arg of definition.args ?? []) {
      command.argument(arg.optional ? `[${arg.name}]` : `<${arg.name}>`, arg.description);
    }
    for (const spec of definition.options ?? []) {
      const option = new Option(spec.flags, spec.description);
      if (spec.choices) option.choices(spec.choices);
      if (spec.default !== undefined) option.default(spec.default);
      command.addOption(option);
    }
    command.action(async (...params: unknown[]) => {
      const self = params.at(-1) as Command;
      const globals = self.optsWithGlobals() as { project?: string; json?: boolean };
      const args: Record<string, string | undefined> = {};
      (definition.args ?? []).forEach((arg, i) => {
        args[arg.name] = params[i] as string | undefined;
      });
      const json = Boolean(globals.json);
      const result = await definition.run(
        { args, options: self.opts(), projectDir: resolve(ctx.cwd, globals.project ?? '.'), json },
        ctx,
      );
      onRun({ command: definition, result, json });
    });
  }
  return program;
}
