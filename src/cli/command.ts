import type { GitOptions } from '../store/git.js';
import type { Workspace } from '../workspace/workspace.js';
import type { CliContext } from './context.js';

/** A positional argument: `<name>` when required, `[name]` when optional. */
export interface ArgSpec {
  name: string;
  description: string;
  optional?: boolean;
}

/** An option in commander's notation: `--target <id>`, `--public`, `--no-endpoint`. */
export interface OptionSpec {
  flags: string;
  description: string;
  choices?: readonly string[];
  default?: string | boolean;
}

export interface CommandInput<Options = Record<string, unknown>> {
  /** Positional arguments by name. */
  args: Record<string, string | undefined>;
  /** Options by commander's camelCase name (`--instance-size` → `instanceSize`). */
  options: Options;
  /** The project folder: `--project` resolved against cwd, else cwd. */
  projectDir: string;
  json: boolean;
}

export interface CommandResult {
  /** With --json, printed as the one JSON document on stdout. */
  data?: unknown;
  /** Without --json, printed on stdout (a listing, a revealed value). */
  text?: string;
  /** 0 unless the command reports a user-level failure (validate with problems: 1). */
  exitCode?: number;
}

/** What a command runs with: the injectable context plus shared services. */
export interface CommandContext extends CliContext {
  /** One line of human text on stderr (shown with --json too: stdout stays pure JSON). */
  note(message: string): void;
  /** The workspace (CATALYST_HOME), opened on first use and closed when the command ends. */
  workspace(): Workspace;
  /** Environment for git, taken from the context. */
  git: GitOptions;
}

/**
 * One entry of the command table. `name` holds the words after `catalyst`
 * (`['workflow', 'rename']`); `run` is a plain function of its input and context that
 * returns data, so a test can call it through `main()` and read what it printed.
 */
export interface CliCommand<Options = Record<string, unknown>> {
  name: readonly string[];
  summary: string;
  args?: readonly ArgSpec[];
  options?: readonly OptionSpec[];
  run(input: CommandInput<Options>, ctx: CommandContext): Promise<CommandResult | undefined>;
}

/** Declares a command with typed options (commander fills them; the type documents them). */
export function defineCommand<Options = Record<string, unknown>>(command: CliCommand<Options>): CliCommand {
  return command as unknown as CliCommand;
}

/** Wrong use of the CLI (a missing or contradictory option): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
