import { dnsLabel } from '../compiler/platform/app-settings.js';
import type { DeploymentTarget, ProjectManifest } from '../model/project.js';
import { DeployError } from './deploy-error.js';
import type { LogOptions, TargetContext } from './deployer.js';
import { findExecutable } from './find-executable.js';
import { type CliResult, runCli } from './run-cli.js';

/** A platform's command-line tool and the words that tell a user how to get it working. */
export interface PlatformTool {
  /** Executable names tried in order on PATH (`fly`, then `flyctl`). */
  names: readonly string[];
  /** How the user installs it. */
  install: string;
  /** The command that logs in. */
  login: string;
}

export interface StepOptions {
  cwd?: string;
  /** Sent on stdin (secret values go here, never in args). */
  input?: string;
  /** What the failure means to the user; the CLI's own output is appended. */
  failure: string;
  /** Echo the CLI's output lines to the log (off for commands whose answer we parse). */
  quiet?: boolean;
}

export interface ProbeOptions {
  cwd?: string;
  input?: string;
  /** Each output line as it arrives, scrubbed (a followed log). */
  onLine?: (line: string) => void;
  /** Stops the command (a followed log ends on Ctrl+C). */
  signal?: AbortSignal;
}

/** Runs one platform CLI command for a target: logs the command, streams its output, throws a DeployError on failure. */
export class PlatformCli {
  constructor(
    private readonly tool: PlatformTool,
    private readonly ctx: TargetContext,
  ) {}

  /** The CLI's usual name (`fly`), for messages. */
  get name(): string {
    return this.tool.names[0] ?? '';
  }

  /** The resolved executable, or a DeployError that says how to install the CLI. */
  executable(): string {
    const found = findExecutable(this.tool.names, this.ctx.env);
    if (found === undefined) throw new DeployError(this.missingMessage());
    return found;
  }

  missingMessage(): string {
    return `${this.tool.names[0]} CLI not found: install it (${this.tool.install}) and run \`${this.tool.login}\``;
  }

  notLoggedInMessage(): string {
    return `${this.tool.names[0]} CLI is not logged in: run \`${this.tool.login}\``;
  }

  /** Runs and returns the result whatever the exit code (for probes such as "does the app exist"). */
  async probe(args: readonly string[], options: ProbeOptions = {}): Promise<CliResult> {
    const result = await runCli({
      command: this.executable(),
      args,
      cwd: options.cwd ?? this.ctx.projectDir,
      env: this.ctx.env,
      input: options.input,
      scrub: this.ctx.scrub,
      onLine: options.onLine,
      signal: options.signal,
    });
    if (result.notFound) throw new DeployError(this.missingMessage());
    return result;
  }

  /** Runs a step of a deploy; a non-zero exit becomes a DeployError carrying the CLI output. */
  async step(args: readonly string[], options: StepOptions): Promise<CliResult> {
    const exe = this.executable();
    this.ctx.log(`$ ${[this.tool.names[0], ...args].join(' ')}`);
    const result = await runCli({
      command: exe,
      args,
      cwd: options.cwd ?? this.ctx.projectDir,
      env: this.ctx.env,
      input: options.input,
      scrub: this.ctx.scrub,
      onLine: options.quiet ? undefined : (line) => this.ctx.log(line),
    });
    if (result.notFound) throw new DeployError(this.missingMessage());
    if (result.code !== 0) {
      const why = result.timedOut ? 'timed out' : `exited with code ${result.code}`;
      throw new DeployError(`${options.failure} (${this.tool.names[0]} ${why})`, result.output);
    }
    return result;
  }
}

/** The platform-side name of a target's app — the same name the generated platform files use. */
export function serviceName(manifest: ProjectManifest, target: DeploymentTarget): string {
  return dnsLabel(target.platformConfig.serviceName ?? `${manifest.name}-${target.id}`);
}

/** A string setting from the target's loose platformConfig. */
export function configString(target: DeploymentTarget, key: string): string | undefined {
  const value = (target.platformConfig as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Lines of `NAME=VALUE`, the dotenv shape `fly secrets import` reads on stdin; a value that
 * spans lines is wrapped in triple quotes, as that command documents.
 */
export function envLines(values: Readonly<Record<string, string>>): string {
  return Object.keys(values)
    .sort()
    .map((name) => {
      const value = values[name] ?? '';
      return value.includes('\n') ? `${name}="""${value}"""\n` : `${name}=${value}\n`;
    })
    .join('');
}

/** The last `count` lines of a text (a trailing newline kept off). */
export function lastLines(text: string, count: number): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return lines.slice(-count).join('\n');
}

/**
 * A platform CLI's log command: `args.recent` prints the latest lines and exits,
 * `args.follow` streams until the signal stops it. A failure says what the CLI answered.
 */
export async function cliLogs(
  cli: PlatformCli,
  args: { recent: readonly string[]; follow: readonly string[] },
  options: LogOptions,
): Promise<string> {
  if (options.follow !== undefined) {
    const { onLine, signal } = options.follow;
    const result = await cli.probe(args.follow, { onLine, signal });
    if (result.code !== 0 && !signal.aborted) {
      throw new DeployError(
        `Could not follow the logs (${cli.name} exited with code ${result.code})`,
        result.output,
      );
    }
    return '';
  }
  const result = await cli.probe(args.recent);
  if (result.code !== 0) {
    throw new DeployError(
      `Could not read the logs (${cli.name} exited with code ${result.code})`,
      result.output,
    );
  }
  return lastLines(result.output, options.lines);
}
