import type { GeneratedFile, TargetPlan } from '../types.js';
import { APP_PORT, generatedHeader, HEALTH_PATH, serviceName } from './app-settings.js';
import { toYaml } from './serialize.js';

/** The health check runs inside the slim image, which has Python but no curl. */
const HEALTHCHECK_SCRIPT = `import urllib.request; urllib.request.urlopen('http://127.0.0.1:${APP_PORT}${HEALTH_PATH}', timeout=4)`;

/**
 * `docker-compose.yml` for plain Docker. Env vars have their project defaults inside the
 * app; `.env` (see `.env.example`) overrides them and holds the secrets, so this file
 * never holds a value.
 */
export function renderDockerCompose(plan: TargetPlan): GeneratedFile[] {
  const name = serviceName(plan);
  const compose = {
    name,
    services: {
      app: {
        build: { context: '.', dockerfile: 'Dockerfile' },
        image: `${name}:latest`,
        ports: [`${APP_PORT}:${APP_PORT}`],
        env_file: [{ path: '.env', required: false }],
        environment: { PORT: String(APP_PORT) },
        restart: 'unless-stopped',
        healthcheck: {
          test: ['CMD', 'python', '-c', HEALTHCHECK_SCRIPT],
          interval: '30s',
          timeout: '5s',
          retries: 3,
          start_period: '10s',
        },
        stop_signal: 'SIGTERM',
        stop_grace_period: '30s',
      },
    },
  };
  return [{ path: 'docker-compose.yml', kind: 'config', content: toYaml(compose, generatedHeader(plan)) }];
}
