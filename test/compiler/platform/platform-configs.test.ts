import { readFileSync } from 'node:fs';
import { Service as KnativeService } from '@kubernetes-models/knative/serving.knative.dev/v1';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { planTarget } from '../../../src/compiler/plan.js';
import { PLATFORM_CONFIG_RENDERERS, renderPlatformFiles } from '../../../src/compiler/platform/index.js';
import type { GeneratedFile } from '../../../src/compiler/types.js';
import { PLATFORMS, type Platform } from '../../../src/model/project.js';
import { demoOnPlatform, handPlan } from './plan-fixture.js';

const schemaDir = new URL('../../schemas/', import.meta.url);

function validator(file: string) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const schema = JSON.parse(readFileSync(new URL(file, schemaDir), 'utf8'));
  // Both are draft-07 (Ajv's default); the Compose spec spells the meta-schema URL with https, which Ajv does not know.
  delete schema.$schema;
  return ajv.compile(schema);
}

function file(files: GeneratedFile[], path: string): GeneratedFile {
  const found = files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path} among ${files.map((f) => f.path).join(', ')}`);
  return found;
}

/** A parsed config: its shape is what the assertions check, so it stays loosely typed. */
type Parsed = ReturnType<typeof JSON.parse>;

function yamlOf(files: GeneratedFile[], path: string): Parsed {
  return parseYaml(file(files, path).content);
}

describe('platform configs', () => {
  it('each platform gets exactly its own config files', () => {
    const paths = Object.fromEntries(
      PLATFORMS.map((p) => [p, PLATFORM_CONFIG_RENDERERS[p](handPlan(p)).map((f) => f.path)]),
    );
    expect(paths).toEqual({
      railway: ['railway.json'],
      fly: ['fly.toml'],
      render: ['render.yaml'],
      'cloud-run': ['service.yaml'],
      azure: ['containerapp.yaml'],
      kubernetes: ['k8s/configmap.yaml', 'k8s/deployment.yaml', 'k8s/service.yaml', 'k8s/hpa.yaml'],
      docker: ['docker-compose.yml'],
    });
  });

  it('fly.toml validates against the Fly schema and checks /health', () => {
    const files = PLATFORM_CONFIG_RENDERERS.fly(handPlan('fly'));
    const config = parseToml(file(files, 'fly.toml').content) as Parsed;
    const validate = validator('fly.schema.json');
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(config['http_service'].internal_port).toBe(8080);
    expect(config['http_service'].checks[0].path).toBe('/health');
    expect(config['http_service'].min_machines_running).toBe(1);
    expect(config['primary_region']).toBe('us-west2');
    expect(config['vm']).toEqual([{ size: 'shared-cpu-2x', memory: '1024mb' }]);
    expect(config['env']).toEqual({ PORT: '8080', GREETING: "it's on: yes", LOG_LEVEL: 'info' });
  });

  it('fly.toml without autoscaling keeps one machine running and never stops it', () => {
    const files = PLATFORM_CONFIG_RENDERERS.fly(handPlan('fly', { platformConfig: {} }));
    const config = parseToml(file(files, 'fly.toml').content) as Parsed;
    expect(validator('fly.schema.json')(config)).toBe(true);
    expect(config['http_service'].auto_stop_machines).toBe('off');
    expect(config['http_service'].min_machines_running).toBe(1);
    expect(config['primary_region']).toBeUndefined();
  });

  it('docker-compose.yml validates against the Compose spec', () => {
    const files = PLATFORM_CONFIG_RENDERERS.docker(handPlan('docker'));
    const compose = yamlOf(files, 'docker-compose.yml');
    const validate = validator('compose-spec.schema.json');
    expect(validate(compose), JSON.stringify(validate.errors)).toBe(true);
    const app = compose['services'].app;
    expect(app.ports).toEqual(['8080:8080']);
    expect(app.restart).toBe('unless-stopped');
    expect(app.healthcheck.test.join(' ')).toContain('http://127.0.0.1:8080/health');
    expect(app.env_file).toEqual([{ path: '.env', required: false }]);
  });

  it('Kubernetes manifests validate with kubernetes-models and wire probes, resources, env and secrets', () => {
    const files = PLATFORM_CONFIG_RENDERERS.kubernetes(
      handPlan('kubernetes', {
        platformConfig: {
          namespace: 'apps',
          instanceSize: 'shared-cpu-1x',
          autoscaling: { enabled: true, minInstances: 2, maxInstances: 6, targetCpuPercent: 60 },
        },
      }),
    );
    const deployment = yamlOf(files, 'k8s/deployment.yaml');
    new Deployment(deployment).validate();
    new Service(yamlOf(files, 'k8s/service.yaml')).validate();
    new ConfigMap(yamlOf(files, 'k8s/configmap.yaml')).validate();
    const hpa = yamlOf(files, 'k8s/hpa.yaml');
    new HorizontalPodAutoscaler(hpa).validate();

    const container = deployment['spec'].template.spec.containers[0];
    expect(deployment['metadata'].namespace).toBe('apps');
    expect(deployment['spec'].replicas).toBe(2);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.resources).toEqual({
      requests: { cpu: '500m', memory: '512Mi' },
      limits: { memory: '512Mi' },
    });
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'visualhive-prod-production-env' } }]);
    expect(container.env).toEqual([
      {
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'visualhive-prod-production-secrets', key: 'DATABASE_URL' } },
      },
      {
        name: 'OPENAI_API_KEY',
        valueFrom: { secretKeyRef: { name: 'visualhive-prod-production-secrets', key: 'OPENAI_API_KEY' } },
      },
    ]);
    expect(deployment['spec'].template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(yamlOf(files, 'k8s/configmap.yaml')['data']).toEqual({
      PORT: '8080',
      GREETING: "it's on: yes",
      LOG_LEVEL: 'info',
    });
    expect(hpa['spec']).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect(hpa['spec'].metrics[0].resource.target).toEqual({ type: 'Utilization', averageUtilization: 60 });
  });

  it('Kubernetes without autoscaling has no HPA and one replica', () => {
    const files = PLATFORM_CONFIG_RENDERERS.kubernetes(handPlan('kubernetes', { platformConfig: {} }));
    expect(files.map((f) => f.path)).not.toContain('k8s/hpa.yaml');
    expect(yamlOf(files, 'k8s/deployment.yaml')['spec'].replicas).toBe(1);
  });

  it('a Kubernetes manifest that is wrong fails validation (the check can fail)', () => {
    const deployment = yamlOf(
      PLATFORM_CONFIG_RENDERERS.kubernetes(handPlan('kubernetes')),
      'k8s/deployment.yaml',
    );
    deployment['spec'].replicas = 'three';
    expect(() => new Deployment(deployment).validate()).toThrow();
  });

  it('the Cloud Run service validates as a Knative Service with scale, probes and Secret Manager refs', () => {
    const files = PLATFORM_CONFIG_RENDERERS['cloud-run'](handPlan('cloud-run'));
    const service = yamlOf(files, 'service.yaml');
    new KnativeService(service).validate();
    const template = service['spec'].template;
    expect(template.metadata.annotations).toEqual({
      'autoscaling.knative.dev/minScale': '1',
      'autoscaling.knative.dev/maxScale': '3',
    });
    const container = template.spec.containers[0];
    expect(container.ports).toEqual([{ name: 'http1', containerPort: 8080 }]);
    expect(container.startupProbe.httpGet.path).toBe('/health');
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    expect(container.resources.limits).toEqual({ cpu: '1', memory: '1Gi' });
    expect(container.env).toContainEqual({
      name: 'OPENAI_API_KEY',
      valueFrom: { secretKeyRef: { name: 'OPENAI_API_KEY', key: 'latest' } },
    });
    expect(container.env).toContainEqual({ name: 'LOG_LEVEL', value: 'info' });
    expect(service['metadata'].labels).toEqual({ 'cloud.googleapis.com/location': 'us-west2' });
  });

  it('the Azure Container App references Key Vault secrets and scales', () => {
    const app = yamlOf(PLATFORM_CONFIG_RENDERERS.azure(handPlan('azure')), 'containerapp.yaml');
    expect(app['properties'].configuration.ingress).toEqual({
      external: true,
      targetPort: 8080,
      transport: 'auto',
      allowInsecure: false,
    });
    expect(app['properties'].configuration.secrets).toEqual([
      {
        name: 'database-url',
        keyVaultUrl: 'https://<KEY_VAULT_NAME>.vault.azure.net/secrets/database-url',
        identity: 'system',
      },
      {
        name: 'openai-api-key',
        keyVaultUrl: 'https://<KEY_VAULT_NAME>.vault.azure.net/secrets/openai-api-key',
        identity: 'system',
      },
    ]);
    const container = app['properties'].template.containers[0];
    expect(container.env).toContainEqual({ name: 'OPENAI_API_KEY', secretRef: 'openai-api-key' });
    expect(container.resources).toEqual({ cpu: 1, memory: '2Gi' });
    expect(container.probes.map((p: Parsed) => `${p.type} ${p.httpGet.path}`)).toEqual([
      'Startup /health',
      'Liveness /health',
      'Readiness /health',
    ]);
    expect(app['properties'].template.scale).toMatchObject({ minReplicas: 1, maxReplicas: 3 });
    expect(app['identity']).toEqual({ type: 'SystemAssigned' });
  });

  it('render.yaml is a Docker web service with health check, scaling and sync:false secrets', () => {
    const blueprint = yamlOf(PLATFORM_CONFIG_RENDERERS.render(handPlan('render')), 'render.yaml');
    expect(blueprint['services']).toEqual([
      {
        type: 'web',
        name: 'visualhive-prod-production',
        runtime: 'docker',
        dockerfilePath: './Dockerfile',
        dockerContext: '.',
        plan: 'standard',
        region: 'us-west2',
        healthCheckPath: '/health',
        scaling: { minInstances: 1, maxInstances: 3, targetCPUPercent: 70 },
        envVars: [
          { key: 'GREETING', value: "it's on: yes" },
          { key: 'LOG_LEVEL', value: 'info' },
          { key: 'DATABASE_URL', sync: false },
          { key: 'OPENAI_API_KEY', sync: false },
        ],
      },
    ]);
    const fixed = yamlOf(
      PLATFORM_CONFIG_RENDERERS.render(handPlan('render', { platformConfig: { instanceSize: 'pro' } })),
      'render.yaml',
    );
    expect(fixed['services'][0]).toMatchObject({ plan: 'pro', numInstances: 1 });
    expect(fixed['services'][0].scaling).toBeUndefined();
  });

  it('railway.json builds the Dockerfile, checks /health and restarts on failure', () => {
    const config = JSON.parse(
      file(PLATFORM_CONFIG_RENDERERS.railway(handPlan('railway')), 'railway.json').content,
    );
    expect(config).toEqual({
      $schema: 'https://railway.com/railway.schema.json',
      build: { builder: 'DOCKERFILE', dockerfilePath: 'Dockerfile' },
      deploy: {
        healthcheckPath: '/health',
        healthcheckTimeout: 60,
        restartPolicyType: 'ON_FAILURE',
        restartPolicyMaxRetries: 10,
        sleepApplication: false,
        multiRegionConfig: { 'us-west2': { numReplicas: 1 } },
      },
    });
    const noRegion = JSON.parse(
      file(PLATFORM_CONFIG_RENDERERS.railway(handPlan('railway', { platformConfig: {} })), 'railway.json')
        .content,
    );
    expect(noRegion.deploy.numReplicas).toBe(1);
  });

  it('YAML strings that YAML 1.1 readers would turn into booleans or numbers are quoted', () => {
    const plan = handPlan('kubernetes');
    plan.envVars = [
      ['FLAG', 'on'],
      ['ANSWER', 'yes'],
      ['OCTAL', '0o17'],
      ['TIME', '1:20'],
      ['PLAIN', 'info'],
    ];
    const text = file(PLATFORM_CONFIG_RENDERERS.kubernetes(plan), 'k8s/configmap.yaml').content;
    expect(text).toContain('FLAG: "on"');
    expect(text).toContain('ANSWER: "yes"');
    expect(text).toContain('OCTAL: "0o17"');
    expect(text).toContain('TIME: "1:20"');
    expect(text).toContain('PLAIN: info');
    for (const version of ['1.1', '1.2'] as const) {
      const data = parseAllDocuments(text, { version })[0]!.toJS()['data'];
      expect(data).toMatchObject({ FLAG: 'on', ANSWER: 'yes', OCTAL: '0o17', TIME: '1:20' });
    }
  });

  it('every config that carries env vars also references each secret the app needs', () => {
    const mentions: Record<string, boolean> = {};
    for (const platform of ['render', 'cloud-run', 'azure', 'kubernetes'] as const) {
      const config = PLATFORM_CONFIG_RENDERERS[platform](handPlan(platform))
        .map((f) => f.content)
        .join('\n');
      mentions[platform] = config.includes('OPENAI_API_KEY') && config.includes('DATABASE_URL');
    }
    expect(mentions).toEqual({ render: true, 'cloud-run': true, azure: true, kubernetes: true });
  });

  it('rendering twice gives byte-identical files', () => {
    for (const platform of PLATFORMS) {
      expect(renderPlatformFiles(handPlan(platform))).toEqual(renderPlatformFiles(handPlan(platform)));
    }
  });
});

describe("the demo project's config on every platform", () => {
  function demoPlan(platform: Platform) {
    return planTarget(demoOnPlatform(platform), 'local', { generatorVersion: '0.0.0-test' });
  }

  it('parses as its format and validates where a schema or model exists', () => {
    const checked: string[] = [];
    for (const platform of PLATFORMS) {
      for (const f of PLATFORM_CONFIG_RENDERERS[platform](demoPlan(platform))) {
        if (f.path.endsWith('.json')) JSON.parse(f.content);
        if (f.path.endsWith('.yaml') || f.path.endsWith('.yml')) {
          const docs = parseAllDocuments(f.content);
          expect(docs.flatMap((d) => d.errors)).toEqual([]);
        }
        if (f.path === 'fly.toml') expect(validator('fly.schema.json')(parseToml(f.content))).toBe(true);
        if (f.path === 'docker-compose.yml')
          expect(validator('compose-spec.schema.json')(parseYaml(f.content))).toBe(true);
        if (f.path === 'k8s/deployment.yaml') new Deployment(parseYaml(f.content)).validate();
        if (f.path === 'k8s/service.yaml') new Service(parseYaml(f.content)).validate();
        if (f.path === 'k8s/hpa.yaml') new HorizontalPodAutoscaler(parseYaml(f.content)).validate();
        if (f.path === 'service.yaml') new KnativeService(parseYaml(f.content)).validate();
        checked.push(f.path);
      }
    }
    expect(checked.sort()).toEqual(
      [
        'containerapp.yaml',
        'docker-compose.yml',
        'fly.toml',
        'k8s/configmap.yaml',
        'k8s/deployment.yaml',
        'k8s/hpa.yaml',
        'k8s/service.yaml',
        'railway.json',
        'render.yaml',
        'service.yaml',
      ].sort(),
    );
  });

  it('a compose file with an unknown key fails the schema (the check can fail)', () => {
    const compose = parseYaml(PLATFORM_CONFIG_RENDERERS.docker(demoPlan('docker'))[0]!.content);
    compose.services.app.restart_policy = 'always';
    expect(validator('compose-spec.schema.json')(compose)).toBe(false);
  });
});
