import { DeployError } from '../deploy-error.js';
import type { DeployContext, Deployer, TargetContext } from '../deployer.js';
import { cliLogs, PlatformCli, type PlatformTool, serviceName } from '../platform-cli.js';

export const KUBECTL_TOOL: PlatformTool = {
  names: ['kubectl'],
  install: 'see https://kubernetes.io/docs/tasks/tools/',
  login: 'kubectl config use-context CONTEXT',
};

/** The Secret the generated Deployment reads its secret env vars from. */
export function kubernetesSecretName(service: string): string {
  return `${service}-secrets`;
}

function namespaceArgs(ctx: TargetContext): string[] {
  const ns = ctx.target.platformConfig.namespace;
  return ns === undefined ? [] : ['--namespace', ns];
}

/**
 * Kubernetes through kubectl. Secrets: a Secret manifest built in memory goes to
 * `kubectl apply -f -` on stdin; the generated k8s/ folder only refers to it by name.
 */
export const kubernetesDeployer: Deployer = {
  platform: 'kubernetes',

  async preflight(ctx: TargetContext) {
    const cli = new PlatformCli(KUBECTL_TOOL, ctx);
    const context = await cli.probe(['config', 'current-context']);
    if (context.code !== 0) {
      throw new DeployError(
        'kubectl has no current context: run `kubectl config use-context CONTEXT` (list them with `kubectl config get-contexts`)',
        context.output,
      );
    }
  },

  async deploy(ctx: DeployContext) {
    const cli = new PlatformCli(KUBECTL_TOOL, ctx);
    const service = serviceName(ctx.manifest, ctx.target);
    const ns = namespaceArgs(ctx);
    if (Object.keys(ctx.secrets).length > 0) {
      const secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: kubernetesSecretName(service),
          labels: { 'app.kubernetes.io/managed-by': 'catalyst' },
        },
        type: 'Opaque',
        stringData: Object.fromEntries(
          Object.keys(ctx.secrets)
            .sort()
            .map((k) => [k, ctx.secrets[k]]),
        ),
      };
      await cli.step(['apply', ...ns, '-f', '-'], {
        input: JSON.stringify(secret),
        failure: `Could not apply Secret ${kubernetesSecretName(service)}`,
      });
    }
    await cli.step(['apply', ...ns, '-f', 'k8s/'], {
      cwd: ctx.appDir,
      failure: `kubectl apply of ${service} failed`,
    });
    await cli.step(['rollout', 'status', `deployment/${service}`, ...ns, '--timeout=300s'], {
      failure: `Deployment ${service} did not become ready`,
    });
    return {};
  },

  async status(ctx) {
    const cli = new PlatformCli(KUBECTL_TOOL, ctx);
    const service = serviceName(ctx.manifest, ctx.target);
    const result = await cli.probe([
      'get',
      `deployment/${service}`,
      ...namespaceArgs(ctx),
      '--output',
      'wide',
    ]);
    return { state: result.code === 0 ? 'deployed' : 'unknown', detail: result.output.trim() };
  },

  async logs(ctx, options) {
    const cli = new PlatformCli(KUBECTL_TOOL, ctx);
    const service = serviceName(ctx.manifest, ctx.target);
    const base = ['logs', `deployment/${service}`, ...namespaceArgs(ctx), `--tail=${options.lines}`];
    return cliLogs(cli, { recent: base, follow: [...base, '--follow'] }, options);
  },
};
