import { dnsLabel } from '../compiler/platform/app-settings.js';
import type { DeploymentTarget, ProjectManifest } from '../model/project.js';
import { DeployError } from './deploy-error.js';
import type { TargetContext } from './deployer.js';
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

/** Runs one platform CLI command for a target: logs the command, streams its output, throws a DeployError on failure. */
export class PlatformCli {
  constructor(
    private readonly tool: PlatformTool,
    private readonly ctx: TargetContext,
  ) {}

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
  async probe(args: readonly string[], options: { cwd?: string; input?: string } = {}): Promise<CliResult> {
    const result = await runCli({
      command: this.executable(),
      args,
      cwd: options.cwd ?? this.ctx.projectDir,
      env: this.ctx.env,
      input: options.input,
      scrub: this.ctx.scrub,
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
