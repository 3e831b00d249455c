import { DeployError } from '../deploy-error.js';
import type { DeployContext, Deployer, TargetContext } from '../deployer.js';
import { cliLogs, PlatformCli, type PlatformTool, serviceName } from '../platform-cli.js';

export const GCLOUD_TOOL: PlatformTool = {
  names: ['gcloud'],
  install: 'see https://cloud.google.com/sdk/docs/install',
  login: 'gcloud auth login',
};

/** `--project P` and `--region R` when the target names them (else gcloud's own config applies). */
function scopeArgs(ctx: TargetContext, withRegion: boolean): string[] {
  const { gcpProject, region } = ctx.target.platformConfig;
  const args: string[] = [];
  if (gcpProject !== undefined) args.push('--project', gcpProject);
  if (withRegion && region !== undefined) args.push('--region', region);
  return args;
}

function image(ctx: TargetContext): string {
  const ref = ctx.target.platformConfig.image;
  if (ref === undefined) {
    throw new DeployError(
      `Cloud Run target ${ctx.target.id} needs platformConfig.image, the image to build and run (e.g. us-docker.pkg.dev/PROJECT/REPO/${serviceName(ctx.manifest, ctx.target)})`,
    );
  }
  return ref;
}

/**
 * Google Cloud Run through gcloud. Secrets go to Secret Manager: `gcloud secrets versions
 * add NAME --data-file=-` reads the value on stdin; the generated service.yaml refers to
 * them by name (secretKeyRef), so neither argv nor the app folder holds a value.
 */
export const cloudRunDeployer: Deployer = {
  platform: 'cloud-run',

  async preflight(ctx: TargetContext) {
    const cli = new PlatformCli(GCLOUD_TOOL, ctx);
    image(ctx);
    const auth = await cli.probe(['auth', 'list', '--filter=status:ACTIVE', '--format=value(account)']);
    if (auth.code !== 0 || auth.stdout.trim() === '')
      throw new DeployError(cli.notLoggedInMessage(), auth.output);
    if (ctx.target.platformConfig.gcpProject === undefined) {
      const project = await cli.probe(['config', 'get-value', 'project']);
      if (project.code !== 0 || project.stdout.trim() === '') {
        throw new DeployError(
          `no Google Cloud project chosen for target ${ctx.target.id}: set platformConfig.gcpProject or run \`gcloud config set project PROJECT_ID\``,
          project.output,
        );
      }
    }
  },

  async deploy(ctx: DeployContext) {
    const cli = new PlatformCli(GCLOUD_TOOL, ctx);
    const project = scopeArgs(ctx, false);
    for (const name of Object.keys(ctx.secrets).sort()) {
      const exists = await cli.probe(['secrets', 'describe', name, ...project]);
      if (exists.code !== 0) {
        await cli.step(['secrets', 'create', name, '--replication-policy=automatic', ...project], {
          failure: `Could not create secret ${name} in Secret Manager`,
        });
      }
      await cli.step(['secrets', 'versions', 'add', name, '--data-file=-', ...project], {
        input: ctx.secrets[name],
        failure: `Could not store secret ${name} in Secret Manager`,
      });
    }
    await cli.step(['builds', 'submit', '--tag', image(ctx), ...project], {
      cwd: ctx.appDir,
      failure: `Cloud Build of image ${image(ctx)} failed`,
    });
    const service = serviceName(ctx.manifest, ctx.target);
    await cli.step(['run', 'services', 'replace', 'service.yaml', ...scopeArgs(ctx, true)], {
      cwd: ctx.appDir,
      failure: `Cloud Run deploy of service ${service} failed`,
    });
    const described = await cli.probe([
      'run',
      'services',
      'describe',
      service,
      '--format=value(status.url)',
      ...scopeArgs(ctx, true),
    ]);
    const url = described.code === 0 ? described.stdout.trim() : '';
    return url === '' ? {} : { url };
  },

  async status(ctx) {
    const cli = new PlatformCli(GCLOUD_TOOL, ctx);
    const service = serviceName(ctx.manifest, ctx.target);
    const result = await cli.probe([
      'run',
      'services',
      'describe',
      service,
      '--format=value(status.url)',
      ...scopeArgs(ctx, true),
    ]);
    return result.code === 0
      ? { state: 'deployed', url: result.stdout.trim() }
      : { state: 'unknown', detail: result.output.trim() };
  },

  async logs(ctx, options) {
    const cli = new PlatformCli(GCLOUD_TOOL, ctx);
    const service = serviceName(ctx.manifest, ctx.target);
    const scope = scopeArgs(ctx, true);
    return cliLogs(
      cli,
      {
        recent: ['run', 'services', 'logs', 'read', service, `--limit=${options.lines}`, ...scope],
        follow: ['beta', 'run', 'services', 'logs', 'tail', service, ...scope],
      },
      options,
    );
  },
};
