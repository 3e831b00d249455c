import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployRecords } from '../../src/deploy/deploy-workspace.js';
import { listDeployments, targetRuntimeState } from '../../src/deploy/runtime-state.js';
import { makeSandbox, type Sandbox } from '../fixtures/deploy-sandbox.js';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync('/bin/true');
  return child.pid ?? 0;
}

describe('deployment records', () => {
  let box: Sandbox;
  beforeEach(async () => {
    box = await makeSandbox();
  });
  afterEach(async () => box.cleanup());

  const start = (targetId: string, startedAt: string, rollbackOf?: string) =>
    deployRecords(box.workspace).deployments.start({
      projectId: 'proj_a',
      targetId,
      commit: 'c'.repeat(40),
      version: '1.0.0',
      startedAt,
      ...(rollbackOf === undefined ? {} : { rollbackOf }),
    });

  it('allows one running deployment per target', () => {
    const first = start('prod', '2026-01-01T00:00:00.000Z');
    expect(() => start('prod', '2026-01-01T00:00:01.000Z')).toThrow(
      `Target prod is already being deployed (${first.id}, started 2026-01-01T00:00:00.000Z): wait for it to finish, then try again.`,
    );
    expect(start('staging', '2026-01-01T00:00:02.000Z').status).toBe('running');
  });

  it('a deployment whose process died is marked failed and its target leaves `deploying`', () => {
    const { deployments, states } = deployRecords(box.workspace);
    const stale = start('prod', '2026-01-01T00:00:00.000Z');
    states.deploying('proj_a', 'prod');
    const pid = deadPid();
    box.workspace.db.prepare('UPDATE deployments SET owner_pid = ? WHERE id = ?').run(pid, stale.id);

    expect(targetRuntimeState(box.workspace, 'proj_a').prod?.status).toBe('error');
    expect(deployments.get(stale.id)).toMatchObject({
      status: 'failed',
      error: `Interrupted: the process deploying it (pid ${pid}) ended before it finished.`,
    });
    expect(start('prod', '2026-01-01T00:01:00.000Z').status).toBe('running');
  });

  it('a successful rollback marks the successful deployments after its target rolled-back', () => {
    const { deployments } = deployRecords(box.workspace);
    const finish = (id: string, status: 'success' | 'failed') =>
      deployments.finish(id, { status, durationMs: 10, logs: '' });
    const a = finish(start('prod', '2026-01-01T00:00:00.000Z').id, 'success');
    const b = finish(start('prod', '2026-01-01T00:01:00.000Z').id, 'success');
    const c = finish(start('prod', '2026-01-01T00:02:00.000Z').id, 'failed');
    const other = finish(start('staging', '2026-01-01T00:03:00.000Z').id, 'success');
    const failedRollback = finish(start('prod', '2026-01-01T00:04:00.000Z', a.id).id, 'failed');
    expect(deployments.get(b.id)?.status).toBe('success');
    const r = finish(start('prod', '2026-01-01T00:05:00.000Z', a.id).id, 'success');

    const byId = Object.fromEntries(listDeployments(box.workspace, 'proj_a').map((d) => [d.id, d.status]));
    expect(byId).toEqual({
      [a.id]: 'success',
      [b.id]: 'rolled-back',
      [c.id]: 'failed',
      [other.id]: 'success',
      [failedRollback.id]: 'failed',
      [r.id]: 'success',
    });
    expect(listDeployments(box.workspace, 'proj_a', { targetId: 'prod', limit: 2 }).map((d) => d.id)).toEqual(
      [r.id, failedRollback.id],
    );
  });
});
