import { DeployError } from '../deploy-error.js';
import type { DeployContext, Deployer, TargetContext } from '../deployer.js';
import { cliLogs, envLines, PlatformCli, type PlatformTool, serviceName } from '../platform-cli.js';

export const FLY_TOOL: PlatformTool = {
  names: ['fly', 'flyctl'],
  install: 'curl -L https://fly.io/install.sh | sh',
  login: 'fly auth login',
};

/**
 * Fly.io through flyctl. Secrets: `fly secrets import --stage` reads NAME=VALUE lines on
 * stdin and stages them for the next deploy, so the values never reach argv.
 */
export const flyDeployer: Deployer = {
  platform: 'fly',

  async preflight(ctx: TargetContext) {
    const cli = new PlatformCli(FLY_TOOL, ctx);
    const whoami = await cli.probe(['auth', 'whoami']);
    if (whoami.code !== 0) throw new DeployError(cli.notLoggedInMessage(), whoami.output);
    const app = serviceName(ctx.manifest, ctx.target);
    const status = await cli.probe(['status', '--app', app]);
    if (status.code !== 0) {
      throw new DeployError(`Fly app ${app} was not found: run \`fly apps create ${app}\``, status.output);
    }
  },

  async deploy(ctx: DeployContext) {
    const cli = new PlatformCli(FLY_TOOL, ctx);
    const app = serviceName(ctx.manifest, ctx.target);
    if (Object.keys(ctx.secrets).length > 0) {
      await cli.step(['secrets', 'import', '--app', app, '--stage'], {
        input: envLines(ctx.secrets),
        failure: `Could not set secrets on Fly app ${app}`,
      });
    }
    await cli.step(['deploy', '--app', app, '--config', 'fly.toml', '--remote-only'], {
      cwd: ctx.appDir,
      failure: `Fly deploy of app ${app} failed`,
    });
    return { url: ctx.target.url ?? `https://${app}.fly.dev` };
  },

  async status(ctx) {
    const cli = new PlatformCli(FLY_TOOL, ctx);
    const result = await cli.probe(['status', '--app', serviceName(ctx.manifest, ctx.target)]);
    return { state: result.code === 0 ? 'deployed' : 'unknown', detail: result.output.trim() };
  },

  async logs(ctx, options) {
    const cli = new PlatformCli(FLY_TOOL, ctx);
    const app = ['logs', '--app', serviceName(ctx.manifest, ctx.target)];
    return cliLogs(cli, { recent: [...app, '--no-tail'], follow: app }, options);
  },
};
