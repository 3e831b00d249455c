import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { azureSecretName } from '../../compiler/platform/azure.js';
import { DeployError } from '../deploy-error.js';
import type { DeployContext, Deployer, TargetContext } from '../deployer.js';
import { cliLogs, PlatformCli, type PlatformTool, serviceName } from '../platform-cli.js';

export const AZ_TOOL: PlatformTool = {
  names: ['az'],
  install: 'see https://learn.microsoft.com/cli/azure/install-azure-cli',
  login: 'az login',
};

function resourceGroup(ctx: TargetContext): string {
  const group = ctx.target.platformConfig.resourceGroup;
  if (group === undefined) {
    throw new DeployError(
      `Azure target ${ctx.target.id} needs platformConfig.resourceGroup (list them with \`az group list --output table\`)`,
    );
  }
  return group;
}

/**
 * The generated containerapp.yaml made deployable: the subscription id filled in, and the
 * secrets' Key Vault placeholders replaced by their values under
 * properties.configuration.secrets. It exists only in memory and goes to az on stdin.
 */
async function yamlWithSecrets(ctx: DeployContext, subscriptionId: string): Promise<string> {
  const text = await readFile(path.join(ctx.appDir, 'containerapp.yaml'), 'utf8');
  const doc = (parse(text) ?? {}) as Record<string, unknown>;
  doc.properties ??= {};
  const properties = doc.properties as Record<string, unknown>;
  if (typeof properties.managedEnvironmentId === 'string' && subscriptionId !== '') {
    properties.managedEnvironmentId = properties.managedEnvironmentId.replace(
      '<SUBSCRIPTION_ID>',
      subscriptionId,
    );
  }
  properties.configuration ??= {};
  const configuration = properties.configuration as Record<string, unknown>;
  const names = new Set(Object.keys(ctx.secrets).map(azureSecretName));
  const kept = Array.isArray(configuration.secrets)
    ? (configuration.secrets as Array<{ name?: string }>).filter((s) => !names.has(s.name ?? ''))
    : [];
  const added = Object.keys(ctx.secrets)
    .sort()
    .map((name) => ({ name: azureSecretName(name), value: ctx.secrets[name] }));
  configuration.secrets = [...kept, ...added];
  return stringify(doc);
}

/**
 * Azure Container Apps through az. Why stdin: `az containerapp create/update --secrets
 * name=value` and `az containerapp secret set` take values as arguments (visible in `ps`),
 * and az has no "read this value from stdin" flag. `--yaml` takes a path, so the full app
 * definition, secrets included, is piped in as `/dev/stdin` (Linux and macOS) and never
 * written to disk.
 */
export const azureDeployer: Deployer = {
  platform: 'azure',

  async preflight(ctx: TargetContext) {
    const cli = new PlatformCli(AZ_TOOL, ctx);
    resourceGroup(ctx);
    const account = await cli.probe(['account', 'show', '--output', 'none']);
    if (account.code !== 0) throw new DeployError(cli.notLoggedInMessage(), account.output);
  },

  async deploy(ctx: DeployContext) {
    const cli = new PlatformCli(AZ_TOOL, ctx);
    const app = serviceName(ctx.manifest, ctx.target);
    const group = resourceGroup(ctx);
    // An image in Azure Container Registry is built there from the generated app (no local
    // Docker needed); an image elsewhere is expected to be pushed already.
    const acr = ctx.target.platformConfig.image?.match(/^([a-z0-9]+)\.azurecr\.io\/(.+)$/);
    if (acr?.[1] !== undefined && acr[2] !== undefined) {
      await cli.step(['acr', 'build', '--registry', acr[1], '--image', acr[2], '.'], {
        cwd: ctx.appDir,
        failure: `Azure Container Registry build of ${ctx.target.platformConfig.image} failed`,
      });
    }
    const account = await cli.probe(['account', 'show', '--query', 'id', '--output', 'tsv']);
    const input = await yamlWithSecrets(ctx, account.code === 0 ? account.stdout.trim() : '');
    const exists = await cli.probe([
      'containerapp',
      'show',
      '--name',
      app,
      '--resource-group',
      group,
      '--output',
      'none',
    ]);
    if (exists.code === 0) {
      await cli.step(
        ['containerapp', 'update', '--name', app, '--resource-group', group, '--yaml', '/dev/stdin'],
        {
          input,
          cwd: ctx.appDir,
          failure: `Azure Container Apps update of ${app} failed`,
        },
      );
    } else {
      const environment = ctx.target.platformConfig.environment;
      const envArgs = environment !== undefined ? ['--environment', environment] : [];
      await cli.step(
        [
          'containerapp',
          'create',
          '--name',
          app,
          '--resource-group',
          group,
          ...envArgs,
          '--yaml',
          '/dev/stdin',
        ],
        { input, cwd: ctx.appDir, failure: `Azure Container Apps create of ${app} failed` },
      );
    }
    const fqdn = await cli.probe([
      'containerapp',
      'show',
      '--name',
      app,
      '--resource-group',
      group,
      '--query',
      'properties.configuration.ingress.fqdn',
      '--output',
      'tsv',
    ]);
    const host = fqdn.code === 0 ? fqdn.stdout.trim() : '';
    return host === '' ? {} : { url: `https://${host}` };
  },

  async status(ctx) {
    const cli = new PlatformCli(AZ_TOOL, ctx);
    const app = serviceName(ctx.manifest, ctx.target);
    const result = await cli.probe([
      'containerapp',
      'show',
      '--name',
      app,
      '--resource-group',
      resourceGroup(ctx),
      '--query',
      'properties.runningStatus',
      '--output',
      'tsv',
    ]);
    return {
      state: result.code === 0 ? result.stdout.trim() || 'deployed' : 'unknown',
      detail: result.output.trim(),
    };
  },

  async logs(ctx, options) {
    const cli = new PlatformCli(AZ_TOOL, ctx);
    const app = serviceName(ctx.manifest, ctx.target);
    const base = ['containerapp', 'logs', 'show', '--name', app, '--resource-group', resourceGroup(ctx)];
    const tail = ['--tail', String(Math.min(options.lines, 300))];
    return cliLogs(cli, { recent: [...base, ...tail], follow: [...base, ...tail, '--follow'] }, options);
  },
};
