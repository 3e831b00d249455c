import { DeployError } from '../deploy-error.js';
import type { DeployContext, LogOptions, TargetContext } from '../deployer.js';
import { findExecutable } from '../find-executable.js';
import { cliLogs, PlatformCli, type PlatformTool, serviceName } from '../platform-cli.js';
import { runCli } from '../run-cli.js';

export const DOCKER_TOOL: PlatformTool = {
  names: ['docker'],
  install: 'see https://docs.docker.com/get-docker/',
  login: 'docker login',
};

/** True when a `docker` CLI is on PATH and its engine answers `docker info` within a few seconds. */
export async function dockerEngineAnswers(ctx: TargetContext): Promise<boolean> {
  const docker = findExecutable(DOCKER_TOOL.names, ctx.env);
  if (docker === undefined) return false;
  const result = await runCli({
    command: docker,
    args: ['info', '--format', '{{.ServerVersion}}'],
    env: ctx.env,
    scrub: ctx.scrub,
    timeoutMs: 10_000,
  });
  return result.code === 0;
}

export function containerName(ctx: TargetContext): string {
  return `catalyst-${serviceName(ctx.manifest, ctx.target)}`;
}

/**
 * Builds the image and (re)starts the container on 127.0.0.1:port. Secrets: `-e NAME`
 * without a value makes docker copy NAME from its own environment, which is where we put
 * the values, so argv holds names only.
 */
export async function runContainer(ctx: DeployContext, port: number): Promise<string> {
  const cli = new PlatformCli(DOCKER_TOOL, ctx);
  const image = `catalyst/${serviceName(ctx.manifest, ctx.target)}:${ctx.commit.slice(0, 12)}`;
  const name = containerName(ctx);
  await cli.step(['build', '--tag', image, '.'], {
    cwd: ctx.appDir,
    failure: `docker build of ${image} failed`,
  });
  await cli.probe(['rm', '--force', name]);
  const secretArgs = Object.keys(ctx.secrets)
    .sort()
    .flatMap((k) => ['--env', k]);
  const withSecrets = new PlatformCli(DOCKER_TOOL, { ...ctx, env: { ...ctx.env, ...ctx.secrets } });
  await withSecrets.step(
    [
      'run',
      '--detach',
      '--name',
      name,
      '--publish',
      `127.0.0.1:${port}:8080`,
      '--env',
      'PORT=8080',
      ...secretArgs,
      image,
    ],
    { failure: `docker run of ${image} failed` },
  );
  return name;
}

export async function stopContainer(ctx: TargetContext, name: string): Promise<void> {
  const cli = new PlatformCli(DOCKER_TOOL, ctx);
  const result = await cli.probe(['rm', '--force', name]);
  if (result.code !== 0 && !/No such container/i.test(result.output)) {
    throw new DeployError(`Could not stop container ${name}`, result.output);
  }
}

export async function containerLogs(ctx: TargetContext, name: string, options: LogOptions): Promise<string> {
  const base = ['logs', '--tail', String(options.lines), name];
  return cliLogs(new PlatformCli(DOCKER_TOOL, ctx), { recent: base, follow: [...base, '--follow'] }, options);
}
