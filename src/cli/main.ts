import { CommanderError } from 'commander';
import { generatorVersion } from '../build/generator-version.js';
import { isCatalystError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { openAppWorkspace } from './app-workspace.js';
import { type CommandContext, UsageError } from './command.js';
import type { CliContext } from './context.js';
import { buildProgram, type Invocation } from './program.js';

export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_USAGE = 2;

/**
 * Runs one CLI invocation and returns its exit code. This is the single error boundary:
 * a CatalystError prints its message (exit 1), a usage error exit 2, anything unexpected
 * one line plus how to see the stack — never a stack trace by default.
 */
export async function main(argv: string[], context: Partial<CliContext> = {}): Promise<number> {
  const env = context.env ?? process.env;
  const stderr = context.stderr ?? process.stderr;
  let workspace: Workspace | undefined;
  // Whatever the caller did not inject comes from this process; process.stdin only when read.
  const ctx: CommandContext = {
    cwd: context.cwd ?? process.cwd(),
    env,
    get stdin() {
      return context.stdin ?? process.stdin;
    },
    stdout: context.stdout ?? process.stdout,
    stderr,
    isTTY: context.isTTY ?? Boolean(process.stderr.isTTY),
    note: (message) => void stderr.write(`${message}\n`),
    workspace: () => {
      workspace ??= openAppWorkspace({ env });
      return workspace;
    },
    git: { env },
  };
  const json = argv.includes('--json');
  let invocation: Invocation | undefined;
  try {
    const program = buildProgram(ctx, (done) => {
      invocation = done;
    });
    // Handled here, not as a commander option: `project update --version` is a different flag.
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
      ctx.stdout.write(`${generatorVersion()}\n`);
      return EXIT_OK;
    }
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT_USAGE;
    }
    await program.parseAsync(argv, { from: 'user' });
    return printResult(ctx, invocation);
  } catch (error) {
    return reportError(ctx, error, json);
  } finally {
    workspace?.close();
  }
}

function printResult(ctx: CommandContext, invocation: Invocation | undefined): number {
  if (!invocation) return EXIT_OK;
  const { result, json } = invocation;
  if (json) ctx.stdout.write(`${JSON.stringify(result?.data ?? {}, null, 2)}\n`);
  else if (result?.text) ctx.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
  return result?.exitCode ?? EXIT_OK;
}

function reportError(ctx: CommandContext, error: unknown, json: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version are successes; commander has already printed its own words.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
    if (json) writeJsonError(ctx, { code: 'usage', message: error.message.replace(/^error: /, '') });
    return EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    ctx.stderr.write(`error: ${error.message}\n`);
    if (json) writeJsonError(ctx, { code: 'usage', message: error.message });
    return EXIT_USAGE;
  }
  if (isCatalystError(error)) {
    ctx.stderr.write(`error: ${error.message}\n`);
    if (json) writeJsonError(ctx, error.toJSON());
    return EXIT_USER_ERROR;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(`unexpected error: ${message.split('\n')[0]}\n`);
  if (ctx.env['CATALYST_DEBUG'] === '1' && error instanceof Error && error.stack) {
    ctx.stderr.write(`${error.stack}\n`);
  } else {
    ctx.stderr.write('run with CATALYST_DEBUG=1 for the stack\n');
  }
  if (json) writeJsonError(ctx, { code: 'unexpected', message });
  return EXIT_USER_ERROR;
}

function writeJsonError(ctx: CommandContext, error: { code: string; message: string }): void {
  ctx.stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
}
