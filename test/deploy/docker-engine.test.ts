import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTarget } from '../../src/deploy/deploy-target.js';
import { targetRuntimeState } from '../../src/deploy/runtime-state.js';
import { stopTarget, targetLogs } from '../../src/deploy/target-control.js';
import { makeDemoSandbox, type Sandbox } from '../fixtures/deploy-sandbox.js';

const TOKEN = 'docker-SECRET-token-321';

describe('docker targets with a Docker engine (stand-in `docker` whose containers answer /health)', () => {
  let box: Sandbox;
  let dir: string;
  let projectId: string;
  const env = () => ({ ...box.env, FAKE_CLI_SCENARIO: 'docker-engine' });

  beforeAll(async () => {
    ({ box, dir, projectId } = await makeDemoSandbox({ useSecret: true }));
    box.workspace.vault.set(projectId, 'API_TOKEN', TOKEN);
  });
  afterAll(async () => box.cleanup());

  it('builds the image and runs it on a loopback port; the secret goes only through docker’s environment', async () => {
    const record = await deployTarget(
      { projectDir: dir, targetId: 'local' },
      { workspace: box.workspace, env: env() },
    );
    expect(record.error).toBeNull();
    expect(record.status).toBe('success');
    const port = Number(record.url?.split(':').at(-1));
    const image = `catalyst/demo-local:${record.commit.slice(0, 12)}`;
    const calls = await box.calls();
    expect(calls.map((c) => [c.tool, ...c.args].join(' '))).toEqual([
      'docker info --format {{.ServerVersion}}',
      `docker build --tag ${image} .`,
      'docker rm --force catalyst-demo-local',
      `docker run --detach --name catalyst-demo-local --publish 127.0.0.1:${port}:8080 --env PORT=8080 --env API_TOKEN ${image}`,
    ]);
    expect(calls[1]?.cwd).toBe(path.join(dir, '.catalyst', 'deploy', 'local', record.commit.slice(0, 12)));
    expect(calls[3]?.env.API_TOKEN).toBe(TOKEN);
    for (const call of calls.slice(0, 3)) expect(call.env.API_TOKEN).toBeUndefined();
    for (const call of calls) expect(call.args.join(' ')).not.toContain(TOKEN);
    expect(record.logs).not.toContain(TOKEN);
    expect(record.logs).not.toContain('No Docker engine answered');

    const health = (await (await fetch(`${record.url}/health`)).json()) as { status: string; commit: string };
    expect(health).toEqual({ status: 'healthy', commit: image });
    expect(targetRuntimeState(box.workspace, projectId).local).toMatchObject({
      status: 'deployed',
      url: record.url,
    });
  });

  it('logs come from `docker logs`', async () => {
    const before = (await box.calls()).length;
    await targetLogs(dir, 'local', { workspace: box.workspace, env: env() });
    const calls = (await box.calls()).slice(before);
    expect(calls.map((c) => [c.tool, ...c.args].join(' '))).toEqual([
      'docker logs --tail 200 catalyst-demo-local',
    ]);
  });

  it('stop removes the container', async () => {
    const before = (await box.calls()).length;
    const url = targetRuntimeState(box.workspace, projectId).local?.url;
    await stopTarget(dir, 'local', { workspace: box.workspace, env: env() });
    const calls = (await box.calls()).slice(before);
    expect(calls.map((c) => [c.tool, ...c.args].join(' '))).toEqual([
      'docker rm --force catalyst-demo-local',
    ]);
    await new Promise((r) => setTimeout(r, 200));
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(targetRuntimeState(box.workspace, projectId).local?.status).toBe('stopped');
  });
});
