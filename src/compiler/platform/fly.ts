import type { GeneratedFile, TargetPlan } from '../types.js';
import {
  APP_PORT,
  containerEnv,
  generatedHeader,
  HEALTH_PATH,
  scaling,
  serviceName,
} from './app-settings.js';
import { instanceSize } from './instance-size.js';
import { toToml } from './serialize.js';

/**
 * Fly.io `fly.toml`. Env vars go in `[env]`; secrets are set with `fly secrets set` and
 * never appear here. Autoscaling maps to Fly's proxy: machines stop when idle and start
 * on demand, keeping `min_machines_running`; the machine count (`fly scale count`) caps it.
 */
export function renderFly(plan: TargetPlan): GeneratedFile[] {
  const scale = scaling(plan);
  const size = instanceSize(plan);
  const region = plan.target.platformConfig.region;
  const config: Record<string, unknown> = { app: serviceName(plan) };
  if (region !== undefined) config['primary_region'] = region;
  config['kill_signal'] = 'SIGTERM';
  config['kill_timeout'] = 30;
  config['build'] = { dockerfile: 'Dockerfile' };
  config['env'] = Object.fromEntries(containerEnv(plan));
  config['http_service'] = {
    internal_port: APP_PORT,
    force_https: true,
    auto_stop_machines: scale.enabled ? 'stop' : 'off',
    auto_start_machines: true,
    min_machines_running: scale.minInstances,
    concurrency: { type: 'requests', soft_limit: 200, hard_limit: 250 },
    checks: [{ grace_period: '10s', interval: '15s', method: 'GET', path: HEALTH_PATH, timeout: '5s' }],
  };
  // Fly's named sizes carry Fly's own memory default; state ours so every platform gets the same.
  config['vm'] = [{ size: size.name, memory: `${size.memoryMb}mb` }];
  return [{ path: 'fly.toml', kind: 'config', content: toToml(config, generatedHeader(plan)) }];
}
