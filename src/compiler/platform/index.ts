import type { Platform } from '../../model/project.js';
import type { GeneratedFile, TargetPlan } from '../types.js';
import { renderAzure } from './azure.js';
import { renderCloudRun } from './cloud-run.js';
import { renderDockerCompose } from './docker-compose.js';
import { renderDockerfile, renderDockerignore } from './dockerfile.js';
import { renderEnvExample } from './env-example.js';
import { renderFly } from './fly.js';
import { renderKubernetes } from './kubernetes.js';
import { renderRailway } from './railway.js';
import { renderReadme } from './readme.js';
import { renderRender } from './render.js';
import { renderRequirements } from './requirements.js';

/** One renderer per platform: the target's own config file(s), nothing else. */
export const PLATFORM_CONFIG_RENDERERS: Record<Platform, (plan: TargetPlan) => GeneratedFile[]> = {
  railway: renderRailway,
  fly: renderFly,
  render: renderRender,
  'cloud-run': renderCloudRun,
  azure: renderAzure,
  kubernetes: renderKubernetes,
  docker: renderDockerCompose,
};

/** Everything around the Python code: packaging, container, env template, README and the platform config. */
export function renderPlatformFiles(plan: TargetPlan): GeneratedFile[] {
  return [
    renderRequirements(plan),
    renderDockerfile(plan),
    renderDockerignore(plan),
    renderEnvExample(plan),
    renderReadme(plan),
    ...PLATFORM_CONFIG_RENDERERS[plan.target.platform](plan),
  ];
}
