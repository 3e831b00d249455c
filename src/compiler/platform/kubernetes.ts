import type { GeneratedFile, TargetPlan } from '../types.js';
import {
  APP_PORT,
  APP_UID,
  CONTAINER_NAME,
  containerEnv,
  DEFAULT_TARGET_CPU_PERCENT,
  generatedHeader,
  HEALTH_PATH,
  imageRef,
  scaling,
  serviceName,
} from './app-settings.js';
import { cpuQuantity, instanceSize, memoryQuantity } from './instance-size.js';
import { toYaml } from './serialize.js';

/**
 * Kubernetes manifests under `k8s/`: a ConfigMap with the env vars, a Deployment, a
 * ClusterIP Service and — when autoscaling is on — an autoscaling/v2 HPA. Secrets are read
 * from a Secret named `<service>-secrets` (one key per secret name) that the user creates
 * with `kubectl create secret`; no manifest here holds a value.
 */
export function renderKubernetes(plan: TargetPlan): GeneratedFile[] {
  const name = serviceName(plan);
  const scale = scaling(plan);
  const header = generatedHeader(plan);
  const file = (path: string, value: unknown): GeneratedFile => ({
    path: `k8s/${path}`,
    kind: 'config',
    content: toYaml(value, header),
  });
  const files = [
    file('configmap.yaml', configMap(plan, name)),
    file('deployment.yaml', deployment(plan, name)),
    file('service.yaml', service(plan, name)),
  ];
  if (scale.enabled) files.push(file('hpa.yaml', hpa(plan, name)));
  return files;
}

export function kubernetesSecretName(plan: TargetPlan): string {
  return `${serviceName(plan)}-secrets`;
}

/** Every resource carries the app's labels; `name` is the resource's own name. */
function metadata(plan: TargetPlan, app: string, name = app): Record<string, unknown> {
  const meta: Record<string, unknown> = { name };
  const namespace = plan.target.platformConfig.namespace;
  if (namespace !== undefined) meta['namespace'] = namespace;
  meta['labels'] = labels(app);
  return meta;
}

function labels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/managed-by': 'catalyst' };
}

function configMap(plan: TargetPlan, name: string) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata(plan, name, `${name}-env`),
    data: Object.fromEntries(containerEnv(plan)),
  };
}

function deployment(plan: TargetPlan, name: string) {
  const scale = scaling(plan);
  const size = instanceSize(plan);
  const probe = { httpGet: { path: HEALTH_PATH, port: 'http' } };
  const secretName = kubernetesSecretName(plan);
  const container: Record<string, unknown> = {
    name: CONTAINER_NAME,
    image: imageRef(plan),
    ports: [{ name: 'http', containerPort: APP_PORT, protocol: 'TCP' }],
    envFrom: [{ configMapRef: { name: `${name}-env` } }],
  };
  if (plan.secrets.length > 0) {
    container['env'] = plan.secrets.map((key) => ({
      name: key,
      valueFrom: { secretKeyRef: { name: secretName, key } },
    }));
  }
  Object.assign(container, {
    resources: {
      requests: { cpu: cpuQuantity(size.cpus), memory: memoryQuantity(size.memoryMb) },
      limits: { memory: memoryQuantity(size.memoryMb) },
    },
    startupProbe: { ...probe, periodSeconds: 2, failureThreshold: 30 },
    readinessProbe: { ...probe, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    livenessProbe: { ...probe, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(plan, name),
    spec: {
      replicas: Math.max(1, scale.minInstances),
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: labels(name) },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: APP_UID, runAsGroup: APP_UID },
          terminationGracePeriodSeconds: 30,
          containers: [container],
        },
      },
    },
  };
}

function service(plan: TargetPlan, name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(plan, name),
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': name },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

function hpa(plan: TargetPlan, name: string) {
  const scale = scaling(plan);
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: metadata(plan, name),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      // The HPA cannot scale to zero without an alpha feature gate, so its floor is 1.
      minReplicas: Math.max(1, scale.minInstances),
      maxReplicas: scale.maxInstances,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: {
              type: 'Utilization',
              averageUtilization: scale.targetCpuPercent ?? DEFAULT_TARGET_CPU_PERCENT,
            },
          },
        },
      ],
    },
  };
}
