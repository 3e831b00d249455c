import type { GeneratedFile, TargetPlan } from '../types.js';
import { HEALTH_PATH, scaling } from './app-settings.js';
import { toJson } from './serialize.js';

/**
 * Railway config as code (`railway.json`). Railway has no horizontal autoscaler, so the
 * replica count is the autoscaling minimum (at least one); instance size is a dashboard
 * setting there. Env vars and secrets are service variables (`railway variables`), so
 * none appear here. With a region, replicas go through `multiRegionConfig`, which
 * replaced the single `region` field.
 */
export function renderRailway(plan: TargetPlan): GeneratedFile[] {
  const replicas = Math.max(1, scaling(plan).minInstances);
  const region = plan.target.platformConfig.region;
  const deploy: Record<string, unknown> = {
    healthcheckPath: HEALTH_PATH,
    healthcheckTimeout: 60,
    restartPolicyType: 'ON_FAILURE',
    restartPolicyMaxRetries: 10,
    sleepApplication: false,
  };
  if (region === undefined) deploy['numReplicas'] = replicas;
  else deploy['multiRegionConfig'] = { [region]: { numReplicas: replicas } };
  const config = {
    $schema: 'https://railway.com/railway.schema.json',
    build: { builder: 'DOCKERFILE', dockerfilePath: 'Dockerfile' },
    deploy,
  };
  return [{ path: 'railway.json', kind: 'config', content: toJson(config) }];
}
