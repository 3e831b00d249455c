import { DeployError } from '../deploy-error.js';
import type { DeployContext, Deployer, TargetContext } from '../deployer.js';
import { cliLogs, configString, PlatformCli, type PlatformTool } from '../platform-cli.js';
import { renderServiceUrl, setRenderEnvVars } from './render-api.js';

export const RENDER_TOOL: PlatformTool = {
  names: ['render'],
  install: 'brew install render, or see https://render.com/docs/cli',
  login: 'render login',
};

function serviceId(ctx: TargetContext): string {
  const id = configString(ctx.target, 'serviceId');
  if (id === undefined) {
    throw new DeployError(
      `Render target ${ctx.target.id} has no service id: set platformConfig.serviceId to the service's id (srv-…; \`render services --output json\` lists them)`,
    );
  }
  return id;
}

/**
 * Render through its CLI. The Render CLI has no command that sets an environment value, so
 * secrets go through Render's REST API (HTTPS body, key from RENDER_API_KEY), never argv.
 * The deploy itself is `render deploys create` at the deployed commit (or the configured image).
 */
export const renderDeployer: Deployer = {
  platform: 'render',

  async preflight(ctx: TargetContext) {
    const cli = new PlatformCli(RENDER_TOOL, ctx);
    serviceId(ctx);
    const whoami = await cli.probe(['whoami', '--output', 'json']);
    if (whoami.code !== 0) throw new DeployError(cli.notLoggedInMessage(), whoami.output);
  },

  async deploy(ctx: DeployContext) {
    const cli = new PlatformCli(RENDER_TOOL, ctx);
    const id = serviceId(ctx);
    await setRenderEnvVars(ctx, id, ctx.secrets);
    const image = ctx.target.platformConfig.image;
    const source = image !== undefined ? ['--image', image] : ['--commit', ctx.commit];
    await cli.step(['deploys', 'create', id, ...source, '--wait', '--confirm', '--output', 'text'], {
      cwd: ctx.appDir,
      failure: `Render deploy of service ${id} failed`,
    });
    const url = await renderServiceUrl(ctx, id);
    return url === undefined ? {} : { url };
  },

  async status(ctx) {
    const cli = new PlatformCli(RENDER_TOOL, ctx);
    const result = await cli.probe(['deploys', 'list', serviceId(ctx), '--output', 'text', '--confirm']);
    return { state: result.code === 0 ? 'deployed' : 'unknown', detail: result.output.trim() };
  },

  async logs(ctx, options) {
    const cli = new PlatformCli(RENDER_TOOL, ctx);
    const base = ['logs', '--resources', serviceId(ctx), '--output', 'text', '--confirm'];
    return cliLogs(
      cli,
      { recent: [...base, '--limit', String(options.lines)], follow: [...base, '--tail'] },
      options,
    );
  },
};
