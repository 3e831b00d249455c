import type { GeneratedFile, TargetPlan } from '../types.js';
import {
  APP_PORT,
  CONTAINER_NAME,
  generatedHeader,
  HEALTH_PATH,
  imageRef,
  scaling,
  serviceName,
} from './app-settings.js';
import { instanceSize, memoryQuantity } from './instance-size.js';
import { toYaml } from './serialize.js';

/** Cloud Run's limits: at least 1 vCPU (fractions force concurrency 1), at most 8; 512 Mi minimum memory. */
const MIN_CPUS = 1;
const MAX_CPUS = 8;
const MIN_MEMORY_MB = 512;

/**
 * Cloud Run `service.yaml` (Knative serving v1, for `gcloud run services replace`).
 * Secrets come from Secret Manager by name (`secretKeyRef`: secret = the env var name,
 * key = version `latest`); Cloud Run sets `PORT` itself from `containerPort`.
 */
export function renderCloudRun(plan: TargetPlan): GeneratedFile[] {
  const scale = scaling(plan);
  const size = instanceSize(plan);
  const region = plan.target.platformConfig.region;
  const metadata: Record<string, unknown> = { name: serviceName(plan) };
  if (region !== undefined) metadata['labels'] = { 'cloud.googleapis.com/location': region };
  metadata['annotations'] = { 'run.googleapis.com/ingress': 'all' };
  const probe = { httpGet: { path: HEALTH_PATH, port: APP_PORT } };
  const service = {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata,
    spec: {
      template: {
        metadata: {
          annotations: {
            'autoscaling.knative.dev/minScale': String(scale.minInstances),
            'autoscaling.knative.dev/maxScale': String(scale.maxInstances),
          },
        },
        spec: {
          containerConcurrency: 80,
          timeoutSeconds: 300,
          containers: [
            {
              name: CONTAINER_NAME,
              image: imageRef(plan),
              ports: [{ name: 'http1', containerPort: APP_PORT }],
              env: [
                ...plan.envVars.map(([name, value]) => ({ name, value })),
                ...plan.secrets.map((name) => ({
                  name,
                  valueFrom: { secretKeyRef: { name, key: 'latest' } },
                })),
              ],
              resources: {
                limits: {
                  cpu: String(Math.min(MAX_CPUS, Math.max(MIN_CPUS, size.cpus))),
                  memory: memoryQuantity(Math.max(MIN_MEMORY_MB, size.memoryMb)),
                },
              },
              startupProbe: {
                ...probe,
                initialDelaySeconds: 0,
                periodSeconds: 2,
                timeoutSeconds: 2,
                failureThreshold: 30,
              },
              livenessProbe: { ...probe, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 },
            },
          ],
        },
      },
    },
  };
  return [{ path: 'service.yaml', kind: 'config', content: toYaml(service, generatedHeader(plan)) }];
}
