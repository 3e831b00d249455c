import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTarget } from '../../src/deploy/deploy-target.js';
import type { DeploymentRecord } from '../../src/deploy/records/deployments.js';
import { rollbackTo } from '../../src/deploy/rollback.js';
import { getDeployment, listDeployments, targetRuntimeState } from '../../src/deploy/runtime-state.js';
import { gitResolve, gitStatus } from '../../src/store/git.js';
import { makeDemoSandbox, type Sandbox } from '../fixtures/deploy-sandbox.js';

async function summary(url: string): Promise<string> {
  const response = await fetch(`${url}/api/main`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 7 }),
  });
  const body = (await response.json()) as { result: { summary: string } };
  return body.result.summary;
}

describe('rollback on the local platform', () => {
  let box: Sandbox;
  let dir: string;
  let projectId: string;
  let a: DeploymentRecord;
  let b: DeploymentRecord;
  const deps = () => ({ workspace: box.workspace, env: box.env });

  beforeAll(async () => {
    ({ box, dir, projectId } = await makeDemoSandbox({ name: 'shop' }));
  });
  afterAll(async () => box.cleanup());

  it('deploys commit A, then a changed workflow as commit B', async () => {
    a = await deployTarget({ projectDir: dir, targetId: 'local' }, deps());
    expect(a.status).toBe('success');
    expect(await summary(a.url ?? '')).toBe('User 7 placed 3 orders totalling 112');

    const file = path.join(dir, 'workflows', 'process_results.json');
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text.replace('placed {{ input.orderCount }} orders', 'ordered {{ input.orderCount }} times'),
    );
    b = await deployTarget({ projectDir: dir, targetId: 'local' }, deps());
    expect(b.status).toBe('success');
    expect(b.commit).not.toBe(a.commit);
    expect(await summary(b.url ?? '')).toBe('User 7 ordered 3 times totalling 112');
    // B took A's place on the same port: the URL stays, and it answers as B (above).
    expect(b.url).toBe(a.url);
  });

  it('rolls back to A: the app answers as A, the record names A, B is marked rolled-back', async () => {
    const lines: string[] = [];
    const r = await rollbackTo({ projectDir: dir, toId: a.id }, { ...deps(), onLog: (l) => lines.push(l) });
    expect(r.error).toBeNull();
    expect(r.status).toBe('success');
    expect(r.rollbackOf).toBe(a.id);
    expect(r.commit).toBe(a.commit);
    expect(lines[0]).toBe(
      `Rolling back local (docker) to ${a.commit.slice(0, 7)} (deployment ${a.id}) as ${r.id}`,
    );
    expect(await summary(r.url ?? '')).toBe('User 7 placed 3 orders totalling 112');
    const health = (await (await fetch(`${r.url}/health`)).json()) as { commit: string };
    expect(health.commit).toBe(a.commit);

    expect(getDeployment(box.workspace, b.id)?.status).toBe('rolled-back');
    expect(getDeployment(box.workspace, a.id)?.status).toBe('success');
    expect(listDeployments(box.workspace, projectId).map((d) => d.id)).toEqual([r.id, b.id, a.id]);
    expect(targetRuntimeState(box.workspace, projectId).local).toMatchObject({
      status: 'deployed',
      deployedCommit: a.commit,
      lastDeploymentId: r.id,
    });
  });

  it('leaves the work tree alone: B stays checked out and clean', async () => {
    expect(await gitResolve(dir, 'HEAD')).toBe(b.commit);
    expect((await gitStatus(dir)).clean).toBe(true);
    expect(await readFile(path.join(dir, 'workflows', 'process_results.json'), 'utf8')).toContain('ordered');
  });

  it('refuses an unknown deployment and a failed one, with what to do', async () => {
    await expect(rollbackTo({ projectDir: dir, toId: 'dep_000000000000' }, deps())).rejects.toThrow(
      'No deployment dep_000000000000 in this project: list them with `catalyst deployments`.',
    );
    const failed = box.workspace.db
      .prepare(
        `INSERT INTO deployments (id, project_id, target_id, commit_sha, version, status, started_at, logs)
         VALUES ('dep_f00000000000', ?, 'local', ?, '0.1.0', 'failed', '2026-01-01T00:00:00.000Z', '')`,
      )
      .run(projectId, a.commit);
    expect(failed.changes).toBe(1);
    await expect(rollbackTo({ projectDir: dir, toId: 'dep_f00000000000' }, deps())).rejects.toThrow(
      'Deployment dep_f00000000000 failed; roll back to a successful one (see `catalyst deployments --target local`).',
    );
  });
});
