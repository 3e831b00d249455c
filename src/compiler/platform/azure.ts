import type { GeneratedFile, TargetPlan } from '../types.js';
import {
  APP_PORT,
  CONTAINER_NAME,
  containerEnv,
  generatedHeader,
  HEALTH_PATH,
  imageRef,
  scaling,
  serviceName,
} from './app-settings.js';
import { instanceSize } from './instance-size.js';
import { toYaml } from './serialize.js';

/** Consumption plan: 0.25–4 vCPU, memory fixed at 2 GiB per vCPU. */
const MIN_CPUS = 0.25;
const MAX_CPUS = 4;

/**
 * Azure Container Apps YAML (`az containerapp create|update --yaml`). Secrets are Key Vault
 * references read with the app's system identity — the vault name is a placeholder the
 * user fills in — and containers see them through `secretRef`, never as values.
 */
export function renderAzure(plan: TargetPlan): GeneratedFile[] {
  const scale = scaling(plan);
  const size = instanceSize(plan);
  const cfg = plan.target.platformConfig;
  const cpus = Math.min(MAX_CPUS, Math.max(MIN_CPUS, size.cpus));
  const resourceGroup = cfg.resourceGroup ?? '<RESOURCE_GROUP>';
  const environment = cfg.environment ?? '<CONTAINER_APPS_ENVIRONMENT>';

  const app: Record<string, unknown> = { name: serviceName(plan), type: 'Microsoft.App/containerApps' };
  if (cfg.region !== undefined) app['location'] = cfg.region;
  if (cfg.resourceGroup !== undefined) app['resourceGroup'] = cfg.resourceGroup;
  if (plan.secrets.length > 0) app['identity'] = { type: 'SystemAssigned' };

  const configuration: Record<string, unknown> = {
    activeRevisionsMode: 'Single',
    ingress: { external: true, targetPort: APP_PORT, transport: 'auto', allowInsecure: false },
  };
  if (plan.secrets.length > 0) {
    configuration['secrets'] = plan.secrets.map((name) => ({
      name: azureSecretName(name),
      keyVaultUrl: `https://<KEY_VAULT_NAME>.vault.azure.net/secrets/${azureSecretName(name)}`,
      identity: 'system',
    }));
  }

  const probe = (type: string, extra: Record<string, number>) => ({
    type,
    httpGet: { path: HEALTH_PATH, port: APP_PORT },
    ...extra,
  });
  const scaleSpec: Record<string, unknown> = {
    minReplicas: scale.minInstances,
    maxReplicas: scale.maxInstances,
  };
  if (scale.enabled)
    scaleSpec['rules'] = [{ name: 'http-requests', http: { metadata: { concurrentRequests: '50' } } }];

  app['properties'] = {
    managedEnvironmentId: `/subscriptions/<SUBSCRIPTION_ID>/resourceGroups/${resourceGroup}/providers/Microsoft.App/managedEnvironments/${environment}`,
    configuration,
    template: {
      containers: [
        {
          name: CONTAINER_NAME,
          image: imageRef(plan),
          env: [
            ...containerEnv(plan).map(([name, value]) => ({ name, value })),
            ...plan.secrets.map((name) => ({ name, secretRef: azureSecretName(name) })),
          ],
          resources: { cpu: cpus, memory: `${cpus * 2}Gi` },
          probes: [
            probe('Startup', { periodSeconds: 2, failureThreshold: 30 }),
            probe('Liveness', { periodSeconds: 30, failureThreshold: 3 }),
            probe('Readiness', { periodSeconds: 10, failureThreshold: 3 }),
          ],
        },
      ],
      scale: scaleSpec,
    },
  };
  return [{ path: 'containerapp.yaml', kind: 'config', content: toYaml(app, generatedHeader(plan)) }];
}

/** Container Apps and Key Vault secret names allow lower-case letters, digits and `-` only. */
export function azureSecretName(envName: string): string {
  return (
    envName
      .toLowerCase()
      .replace(/_/g, '-')
      .replace(/^-+|-+$/g, '') || 'secret'
  );
}
