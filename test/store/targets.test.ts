import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addTarget, loadState, removeTarget, updateTarget } from '../../src/store/project-store.js';
import { demoFolder, readJson } from './helpers.js';

describe('deployment targets', () => {
  it('adds a target, validated by the model schema', async () => {
    const dir = await demoFolder();
    const before = (await loadState(dir)).manifest.updatedAt;
    const target = await addTarget(dir, {
      id: 'k8s',
      name: 'Cluster',
      platform: 'kubernetes',
      platformConfig: { namespace: 'apps', autoscaling: { enabled: true, minInstances: 2, maxInstances: 4 } },
    });
    expect(target).toEqual({
      id: 'k8s',
      name: 'Cluster',
      platform: 'kubernetes',
      platformConfig: { namespace: 'apps', autoscaling: { enabled: true, minInstances: 2, maxInstances: 4 } },
    });
    const manifest = await readJson(join(dir, 'catalyst.json'));
    expect(Object.keys(manifest.deploymentTargets)).toEqual(['local', 'production', 'k8s']);
    expect(manifest.updatedAt > before).toBe(true);
  });

  it('refuses bad input and duplicates with clear messages', async () => {
    const dir = await demoFolder();
    await expect(addTarget(dir, { id: 'local', name: 'Again', platform: 'docker' })).rejects.toThrow(
      'Deployment target "local" already exists: choose another id.',
    );
    await expect(addTarget(dir, { id: 'Prod!', name: 'P', platform: 'docker' })).rejects.toThrow(
      'Invalid deployment target: id: Invalid target id: use 1–40 lower-case letters, digits and -, starting with a letter (e.g. production)',
    );
    await expect(addTarget(dir, { id: 'x', name: 'X', platform: 'heroku' as never })).rejects.toThrow(
      /^Invalid deployment target: platform: Invalid option: expected one of "railway"\|"fly"/,
    );
    await expect(
      addTarget(dir, {
        id: 'x',
        name: 'X',
        platform: 'fly',
        platformConfig: { autoscaling: { enabled: true, minInstances: 5, maxInstances: 2 } },
      }),
    ).rejects.toThrow(
      'Invalid deployment target: platformConfig.autoscaling.minInstances: minInstances must not exceed maxInstances',
    );
  });

  it('updates name, platform, URL and merges platform settings', async () => {
    const dir = await demoFolder();
    const updated = await updateTarget(dir, 'production', {
      name: 'Prod',
      url: 'https://demo.up.railway.app',
      platformConfig: { instanceSize: 'shared-cpu-1x', autoscaling: null, custom: 'kept' },
    });
    expect(updated).toEqual({
      id: 'production',
      name: 'Prod',
      platform: 'railway',
      url: 'https://demo.up.railway.app',
      platformConfig: { region: 'us-west1', instanceSize: 'shared-cpu-1x', custom: 'kept' },
    });
    const moved = await updateTarget(dir, 'production', { platform: 'fly', url: null });
    expect(moved.platform).toBe('fly');
    expect(moved.url).toBeUndefined();
    await expect(updateTarget(dir, 'staging', { name: 'S' })).rejects.toThrow(
      'No deployment target "staging" in project demo (targets: local, production).',
    );
    await expect(updateTarget(dir, 'production', { url: 'nope' })).rejects.toThrow(
      'Invalid target production: url: Invalid URL',
    );
  });

  it('removes a target with no workflows, and refuses one that still has workflows, naming them', async () => {
    const dir = await demoFolder();
    await expect(removeTarget(dir, 'local')).rejects.toThrow(
      'Cannot remove target local: workflows extract_data, main_workflow and process_results are assigned to it. Assign them to another target first (`catalyst workflow set NAME --target OTHER`).',
    );
    const removed = await removeTarget(dir, 'production');
    expect(removed.id).toBe('production');
    expect(Object.keys((await loadState(dir)).manifest.deploymentTargets)).toEqual(['local']);
    await expect(removeTarget(dir, 'production')).rejects.toThrow(
      'No deployment target "production" in project demo (targets: local).',
    );
  });
});
