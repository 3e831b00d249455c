import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { commitAll } from '../../src/store/operations/commit.js';
import { createProject } from '../../src/store/operations/projects.js';
import type { Sandbox } from '../fixtures/deploy-sandbox.js';

/** Secret values the tests hunt for in argv, logs, env and files. */
export const SECRETS = {
  API_TOKEN: 'tok-SECRET-VALUE-123',
  DB_URL: 'postgres://app:pw-SECRET-456@db.internal/app',
} as const;

/** One target per cloud platform, each with a public workflow that reads both secrets. */
export const CLOUD_TARGETS = {
  rail: { platform: 'railway', platformConfig: {} },
  flyio: { platform: 'fly', platformConfig: {} },
  rend: { platform: 'render', platformConfig: { serviceId: 'srv-abc123' } },
  gcr: {
    platform: 'cloud-run',
    platformConfig: {
      gcpProject: 'demo-project',
      region: 'us-central1',
      image: 'us-docker.pkg.dev/demo-project/apps/acme-gcr',
    },
  },
  aca: {
    platform: 'azure',
    platformConfig: {
      resourceGroup: 'rg-acme',
      environment: 'env-acme',
      image: 'acme.azurecr.io/acme-aca:1',
    },
  },
  k8s: {
    platform: 'kubernetes',
    platformConfig: { namespace: 'apps', image: 'registry.example.com/acme-k8s:1' },
  },
} as const;

export type CloudTargetId = keyof typeof CLOUD_TARGETS;

/** Creates project `acme` (committed, clean) and stores the secret values in the sandbox's vault. */
export async function createCloudProject(box: Sandbox): Promise<{ dir: string; projectId: string }> {
  const created = await createProject(
    path.join(box.root, 'acme'),
    { name: 'acme' },
    { git: { env: box.env } },
  );
  const manifest = {
    ...created.manifest,
    deploymentTargets: Object.fromEntries(
      Object.entries(CLOUD_TARGETS).map(([id, t]) => [id, { id, name: id, ...t }]),
    ),
    secrets: {
      API_TOKEN: { name: 'API_TOKEN', description: 'upstream token' },
      DB_URL: { name: 'DB_URL', description: 'database' },
    },
  };
  await writeFile(path.join(created.dir, 'catalyst.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const id of Object.keys(CLOUD_TARGETS)) {
    const workflow = {
      id: `wf_${id}`,
      name: `echo ${id}`,
      deploymentTargetId: id,
      visibility: 'public',
      nodes: {
        shape: {
          id: 'shape',
          type: 'transform',
          name: 'Shape',
          position: { x: 0, y: 0 },
          config: { fields: { token: '{{ secrets.API_TOKEN }}', db: '{{ secrets.DB_URL }}' } },
        },
      },
      edges: [],
    };
    await writeFile(
      path.join(created.dir, 'workflows', `echo_${id}.json`),
      `${JSON.stringify(workflow, null, 2)}\n`,
    );
  }
  await commitAll(created.dir, 'cloud targets', { env: box.env });
  for (const [name, value] of Object.entries(SECRETS))
    box.workspace.vault.set(created.manifest.id, name, value);
  return { dir: created.dir, projectId: created.manifest.id };
}
