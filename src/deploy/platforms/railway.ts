import { DeployError } from '../deploy-error.js';
import type { DeployContext, Deployer, TargetContext } from '../deployer.js';
import { cliLogs, PlatformCli, type PlatformTool, serviceName } from '../platform-cli.js';

export const RAILWAY_TOOL: PlatformTool = {
  names: ['railway'],
  install: 'npm i -g @railway/cli',
  login: 'railway login',
};

/**
 * The service's public URL in `railway domain` output (`🚀 https://….up.railway.app`), not
 * railway.com's own dashboard links.
 */
export function railwayServiceUrl(output: string): string | undefined {
  for (const match of output.matchAll(/https:\/\/[^\s"'<>]+/g)) {
    const url = match[0].replace(/[.,)/]+$/, '');
    if (!/^https:\/\/(?:[a-z0-9-]+\.)*railway\.com(?:\/|$)/i.test(url)) return url;
  }
  return undefined;
}

/**
 * Railway through its CLI. Secrets: `railway variables --set-from-stdin NAME` reads the
 * value on stdin (the documented way to keep it out of argv and shell history); one call
 * per secret with `--skip-deploys`, then one `railway up`.
 */
export const railwayDeployer: Deployer = {
  platform: 'railway',

  async preflight(ctx: TargetContext) {
    const cli = new PlatformCli(RAILWAY_TOOL, ctx);
    const whoami = await cli.probe(['whoami']);
    if (whoami.code !== 0) throw new DeployError(cli.notLoggedInMessage(), whoami.output);
    const status = await cli.probe(['status']);
    if (status.code !== 0) {
      throw new DeployError(
        `this project folder is not linked to a Railway project: run \`railway link\` in ${ctx.projectDir}`,
        status.output,
      );
    }
  },

  async deploy(ctx: DeployContext) {
    const cli = new PlatformCli(RAILWAY_TOOL, ctx);
    const service = serviceName(ctx.manifest, ctx.target);
    for (const name of Object.keys(ctx.secrets).sort()) {
      await cli.step(['variables', '--service', service, '--skip-deploys', '--set-from-stdin', name], {
        input: ctx.secrets[name],
        failure: `Could not set secret ${name} on Railway service ${service}`,
      });
    }
    await cli.step(['up', '--detach', '--service', service], {
      cwd: ctx.appDir,
      failure: `Railway deploy of service ${service} failed`,
    });
    // `railway domain` prints the service's public domain, creating one the first time.
    const domain = await cli.probe(['domain', '--service', service]);
    const url = domain.code === 0 ? railwayServiceUrl(domain.stdout) : undefined;
    if (url === undefined) {
      ctx.log(
        `Railway did not report a public domain for ${service}; the target has no URL to monitor until you set one (\`railway domain\`)`,
      );
      return {};
    }
    return { url };
  },

  async status(ctx) {
    const cli = new PlatformCli(RAILWAY_TOOL, ctx);
    const result = await cli.probe(['status']);
    return { state: result.code === 0 ? 'linked' : 'unknown', detail: result.output.trim() };
  },

  async logs(ctx, options) {
    const cli = new PlatformCli(RAILWAY_TOOL, ctx);
    const service = ['logs', '--service', serviceName(ctx.manifest, ctx.target)];
    // `railway logs` streams by default and prints the latest lines and exits with --lines.
    return cliLogs(cli, { recent: [...service, '--lines', String(options.lines)], follow: service }, options);
  },
};
