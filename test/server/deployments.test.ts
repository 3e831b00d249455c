import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeployEvent } from '../../src/server/deploy/runtime-events.js';
import { gitResolve } from '../../src/store/git.js';
import { setSecret } from '../../src/store/project-store.js';
import { type RuntimeFixture, startRuntimeFixture } from './support/runtime-fixture.js';

// biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary JSON paths
type Body = any;

async function json(res: Response | Promise<Response>): Promise<{ status: number; body: Body }> {
  const r = await res;
  return { status: r.status, body: await r.json() };
}

const SECRET_VALUE = 'sk-deploy-api-test-7d793037a0760186';

const runEvents = (f: RuntimeFixture, runId: string) =>
  f.events.filter((e): e is DeployEvent => e.type === 'deploy' && e.runId === runId);

describe('studio deploy API (a real local deploy of the demo)', () => {
  let f: RuntimeFixture;
  let demo: { id: string; folder: string };
  let first: Body;

  beforeAll(async () => {
    f = await startRuntimeFixture();
    demo = await f.demo();
    // A secret the app reads: its value must never come back through the API or its events.
    await setSecret(demo.folder, f.workspace, { name: 'DEMO_TOKEN', value: SECRET_VALUE });
  });
  afterAll(() => f.close());

  it('deploys the demo: the app really answers, logs stream as events, a success is recorded', async () => {
    const head = await gitResolve(demo.folder, 'HEAD');
    const { status, body } = await json(
      f.call('POST', `/api/projects/${demo.id}/targets/local/deploy`, { runId: 'run-1' }),
    );
    expect(status).toBe(200);
    first = body.deployment;
    expect(first).toMatchObject({
      targetId: 'local',
      status: 'success',
      version: '0.1.0',
      failureReason: null,
      rollbackOf: null,
    });
    expect(first.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The tree had the secret's metadata uncommitted: the deploy committed it first.
    expect(first.commit).not.toBe(head);

    const health = await fetch(`${first.url}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as Body).commit).toBe(first.commit);

    const events = runEvents(f, 'run-1');
    const lines = events.filter((e) => e.phase === 'log').map((e) => e.line);
    expect(lines).toContain(`Deploying local (docker) at ${first.commit.slice(0, 7)} as ${first.id}`);
    expect(lines.at(-1)).toMatch(new RegExp(`^Deployed local at ${first.commit.slice(0, 7)} in [\\d.]+s: `));
    expect(events.at(-1)).toMatchObject({ phase: 'success', deploymentId: first.id, action: 'deploy' });
    expect(f.events).toContainEqual({ type: 'project', projectId: demo.id });
  });

  it("serves one deployment with its stored logs; another project's or an unknown id is not found", async () => {
    const { status, body } = await json(f.call('GET', `/api/projects/${demo.id}/deployments/${first.id}`));
    expect(status).toBe(200);
    const streamed = runEvents(f, 'run-1')
      .filter((e) => e.phase === 'log')
      .map((e) => e.line);
    expect(body.deployment).toEqual({ ...first, logs: expect.any(String) });
    // The record keeps what streamed (plus the auto-commit note written before the record existed).
    expect(body.deployment.logs.split('\n').slice(-streamed.length)).toEqual(streamed);
    const unknown = await json(f.call('GET', `/api/projects/${demo.id}/deployments/dep_000000000000`));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe(
      'No deployment dep_000000000000 in this project: list them with `catalyst deployments`.',
    );
  });

  it("serves the running app's latest log lines; a bad line count is a 400 in the API error shape", async () => {
    // A request to the app shows up in its log (uvicorn's access line).
    expect((await fetch(`${first.url}/?probe=studio-logs-route`)).status).toBe(200);
    let lines: string[] = [];
    await expect
      .poll(async () => {
        const res = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/logs?lines=20`));
        expect(res.status).toBe(200);
        expect(res.body.targetId).toBe('local');
        lines = res.body.lines;
        return lines.join('\n');
      })
      .toContain('probe=studio-logs-route');
    expect(lines.length).toBeLessThanOrEqual(20);
    const one = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/logs?lines=1`));
    expect(one.body.lines).toHaveLength(1);
    const bad = await json(f.call('GET', `/api/projects/${demo.id}/targets/local/logs?lines=0`));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('lines must be at least 1');
    const unknown = await json(f.call('GET', `/api/projects/${demo.id}/targets/nowhere/logs`));
    expect(unknown.status).toBe(404);
  });

  it('lists the deployment, per project and per target, and merges the runtime state into the views', async () => {
    const all = await json(f.call('GET', `/api/projects/${demo.id}/deployments`));
    expect(all.status).toBe(200);
    expect(all.body.deployments).toEqual([first]);
    const local = await json(f.call('GET', `/api/projects/${demo.id}/deployments?targetId=local`));
    expect(local.body.deployments.map((d: Body) => d.id)).toEqual([first.id]);
    const other = await json(f.call('GET', `/api/projects/${demo.id}/deployments?targetId=nowhere`));
    expect(other.body.deployments).toEqual([]);

    const { body } = await json(f.call('GET', `/api/projects/${demo.id}`));
    expect(body.project.deployments).toEqual([first]);
    expect(body.project.runtime.map((r: Body) => r.targetId)).toEqual(['local', 'production']);
    expect(body.project.runtime[0]).toMatchObject({
      targetId: 'local',
      platform: 'docker',
      status: 'deployed',
      deployedVersion: '0.1.0',
      deployedCommit: first.commit,
      url: first.url,
      controllable: true,
    });
    // Never deployed: said so, not invented.
    expect(body.project.runtime[1]).toEqual({
      targetId: 'production',
      platform: 'railway',
      status: 'never',
      lastDeployedAt: null,
      deployedVersion: null,
      deployedCommit: null,
      url: null,
      controllable: false,
      health: {
        status: 'unknown',
        uptimePercent: null,
        avgResponseMs: null,
        errorRatePercent: null,
        lastCheckedAt: null,
      },
    });
    const cards = await json(f.call('GET', '/api/projects'));
    expect(cards.body.projects[0]).toMatchObject({
      mainTargetId: 'local',
      liveUrl: first.url,
      deployedVersion: '0.1.0',
      deployedCommit: first.commit.slice(0, 7),
      targetStatus: 'deployed',
    });
    expect(Date.now() - Date.parse(cards.body.projects[0].lastDeployedAt)).toBeLessThan(60_000);
  });

  it('stops the local app, and the stop is reflected in the views', async () => {
    const { status, body } = await json(
      f.call('POST', `/api/projects/${demo.id}/targets/local/stop`, { runId: 'stop-1' }),
    );
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'stopped' });
    await expect(fetch(`${first.url}/health`)).rejects.toThrow();
    expect(runEvents(f, 'stop-1').map((e) => [e.phase, e.line])).toEqual([
      ['log', 'Stopped local'],
      ['success', null],
    ]);
    const detail = await json(f.call('GET', `/api/projects/${demo.id}`));
    expect(detail.body.project.runtime[0].status).toBe('stopped');
    const cards = await json(f.call('GET', '/api/projects'));
    expect(cards.body.projects[0].targetStatus).toBe('stopped');
  });

  it('restarts the deployed version on the same URL', async () => {
    const { status, body } = await json(
      f.call('POST', `/api/projects/${demo.id}/targets/local/restart`, { runId: 'restart-1' }),
    );
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'deployed', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect((await fetch(`${body.url}/health`)).status).toBe(200);
    const detail = await json(f.call('GET', `/api/projects/${demo.id}`));
    expect(detail.body.project.runtime[0]).toMatchObject({ status: 'deployed', url: body.url });
  });

  it('rolls back to an earlier deployment after a change, streaming and recording rollbackOf', async () => {
    // A second version: the manifest's version changes and is committed by the deploy.
    const manifestPath = path.join(demo.folder, 'catalyst.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    await writeFile(manifestPath, `${JSON.stringify({ ...manifest, version: '0.2.0' }, null, 2)}\n`);
    const second = await json(
      f.call('POST', `/api/projects/${demo.id}/targets/local/deploy`, { runId: 'run-2' }),
    );
    expect(second.body.deployment).toMatchObject({ status: 'success', version: '0.2.0' });

    const back = await json(
      f.call('POST', `/api/projects/${demo.id}/deployments/${first.id}/rollback`, { runId: 'back-1' }),
    );
    expect(back.status).toBe(200);
    expect(back.body.deployment).toMatchObject({
      status: 'success',
      version: '0.1.0',
      commit: first.commit,
      rollbackOf: first.id,
    });
    const lines = runEvents(f, 'back-1').map((e) => e.line);
    expect(lines[0]).toBe(
      `Rolling back local (docker) to ${first.commit.slice(0, 7)} (deployment ${first.id}) as ${back.body.deployment.id}`,
    );
    expect(runEvents(f, 'back-1').at(-1)).toMatchObject({
      phase: 'success',
      action: 'rollback',
      targetId: 'local',
    });
    const health = (await (await fetch(`${back.body.deployment.url}/health`)).json()) as Body;
    expect(health.commit).toBe(first.commit);

    const list = await json(f.call('GET', `/api/projects/${demo.id}/deployments`));
    expect(list.body.deployments.map((d: Body) => [d.version, d.status])).toEqual([
      ['0.1.0', 'success'],
      ['0.2.0', 'rolled-back'],
      ['0.1.0', 'success'],
    ]);
  });

  it('ends a deploy the platform refuses as a failed record, with the reason in the row and the events', async () => {
    // No `railway` CLI on this machine: the preflight says how to get one.
    const { status, body } = await json(
      f.call('POST', `/api/projects/${demo.id}/targets/production/deploy`, { runId: 'rw-1' }),
    );
    expect(status).toBe(200);
    expect(body.deployment).toMatchObject({ targetId: 'production', status: 'failed' });
    expect(body.deployment.failureReason).toMatch(
      /^railway CLI not found: install it \(npm i -g @railway\/cli\)/,
    );
    const events = runEvents(f, 'rw-1');
    expect(events.at(-1)).toMatchObject({ phase: 'failed', deploymentId: body.deployment.id });
    expect(events.map((e) => e.line)).toContain(`Deploy failed: ${body.deployment.failureReason}`);
    const list = await json(f.call('GET', `/api/projects/${demo.id}/deployments?targetId=production`));
    expect(list.body.deployments).toEqual([body.deployment]);
    const detail = await json(f.call('GET', `/api/projects/${demo.id}`));
    expect(detail.body.project.runtime[1]).toMatchObject({ targetId: 'production', status: 'error' });
  });

  it('refuses bad input and unknown ids in the API error shape, with a failed event for the page', async () => {
    const badRun = await json(
      f.call('POST', `/api/projects/${demo.id}/targets/local/deploy`, { runId: 'a b' }),
    );
    expect(badRun.status).toBe(400);
    expect(badRun.body).toEqual({
      error: 'runId must be 1–64 letters, digits, _ or -',
      problems: [{ path: 'runId', message: 'runId must be 1–64 letters, digits, _ or -', field: 'runId' }],
    });
    const badLimit = await json(f.call('GET', `/api/projects/${demo.id}/deployments?limit=0`));
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error).toBe('limit must be at least 1');

    const noTarget = await json(
      f.call('POST', `/api/projects/${demo.id}/targets/staging/deploy`, { runId: 'run-x' }),
    );
    expect(noTarget.status).toBe(404);
    expect(noTarget.body.error).toBe(
      'No deployment target "staging" in project demo (targets: local, production).',
    );
    expect(runEvents(f, 'run-x').at(-1)).toMatchObject({
      phase: 'failed',
      line: 'No deployment target "staging" in project demo (targets: local, production).',
    });

    const noDeployment = await json(
      f.call('POST', `/api/projects/${demo.id}/deployments/dep_000000000000/rollback`, { runId: 'back-x' }),
    );
    expect(noDeployment.status).toBe(404);
    expect(noDeployment.body.error).toBe(
      'No deployment dep_000000000000 in this project: list them with `catalyst deployments`.',
    );

    const noProject = await json(f.call('GET', '/api/projects/proj_nothere/deployments'));
    expect(noProject.status).toBe(404);
    expect(noProject.body.error).toBe('No project proj_nothere in this workspace: it may have been removed.');
  });

  it('never lets a secret value out: not in responses, events or the server log', async () => {
    const bodies = [
      await (await f.call('GET', `/api/projects/${demo.id}`)).text(),
      await (await f.call('GET', `/api/projects/${demo.id}/deployments`)).text(),
      await (await f.call('GET', '/api/projects')).text(),
    ];
    for (const text of [...bodies, JSON.stringify(f.events), f.logs.join('\n')]) {
      expect(text).not.toContain(SECRET_VALUE);
    }
  });
});
