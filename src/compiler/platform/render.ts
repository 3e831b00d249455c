import type { GeneratedFile, TargetPlan } from '../types.js';
import {
  DEFAULT_TARGET_CPU_PERCENT,
  generatedHeader,
  HEALTH_PATH,
  scaling,
  serviceName,
} from './app-settings.js';
import { instanceSize } from './instance-size.js';
import { toYaml } from './serialize.js';

/** Render's instance types, smallest first, with the memory each offers. */
const RENDER_PLANS = [
  { plan: 'starter', memoryMb: 512 },
  { plan: 'standard', memoryMb: 2048 },
  { plan: 'pro', memoryMb: 4096 },
  { plan: 'pro plus', memoryMb: 8192 },
  { plan: 'pro max', memoryMb: 16384 },
  { plan: 'pro ultra', memoryMb: 32768 },
] as const;
const RENDER_PLAN_NAMES: readonly string[] = ['free', ...RENDER_PLANS.map((p) => p.plan)];

/**
 * Render Blueprint (`render.yaml`): one Docker web service. Secrets are listed with
 * `sync: false`, so Render asks for their values when the Blueprint is applied and the
 * file never holds one.
 */
export function renderRender(plan: TargetPlan): GeneratedFile[] {
  const scale = scaling(plan);
  const region = plan.target.platformConfig.region;
  const service: Record<string, unknown> = {
    type: 'web',
    name: serviceName(plan),
    runtime: 'docker',
    dockerfilePath: './Dockerfile',
    dockerContext: '.',
    plan: renderPlan(plan),
  };
  if (region !== undefined) service['region'] = region;
  service['healthCheckPath'] = HEALTH_PATH;
  if (scale.enabled) {
    service['scaling'] = {
      minInstances: Math.max(1, scale.minInstances),
      maxInstances: scale.maxInstances,
      targetCPUPercent: scale.targetCpuPercent ?? DEFAULT_TARGET_CPU_PERCENT,
    };
  } else {
    service['numInstances'] = 1;
  }
  service['envVars'] = [
    ...plan.envVars.map(([key, value]) => ({ key, value })),
    ...plan.secrets.map((key) => ({ key, sync: false })),
  ];
  return [
    { path: 'render.yaml', kind: 'config', content: toYaml({ services: [service] }, generatedHeader(plan)) },
  ];
}

/** A Render plan name given as the instance size is used as is; otherwise the smallest plan with enough memory. */
function renderPlan(plan: TargetPlan): string {
  const configured = plan.target.platformConfig.instanceSize;
  if (configured !== undefined && RENDER_PLAN_NAMES.includes(configured)) return configured;
  const { memoryMb } = instanceSize(plan);
  return (RENDER_PLANS.find((p) => p.memoryMb >= memoryMb) ?? RENDER_PLANS[RENDER_PLANS.length - 1]!).plan;
}
