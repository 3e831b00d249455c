import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppWorkspace } from '../../src/cli/app-workspace.js';
import { main } from '../../src/cli/main.js';
import { deployTarget } from '../../src/deploy/deploy-target.js';
import { stopTarget } from '../../src/deploy/target-control.js';
import { createProject } from '../../src/store/operations/projects.js';
import type { Workspace } from '../../src/workspace/workspace.js';

let root: string;
let env: NodeJS.ProcessEnv;
let workspace: Workspace;
let dir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'catalyst-deploy-status-'));
  env = {
    ...process.env,
    CATALYST_HOME: join(root, 'home'),
    CATALYST_SECRET_KEY: 'a test passphrase of enough length',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
  workspace = openAppWorkspace({ env });
  dir = (await createProject(join(root, 'demo'), { example: true, name: 'demo' }, { git: { env } })).dir;
});
afterAll(async () => {
  await stopTarget(dir, 'local', { workspace, env }).catch(() => {});
  workspace.close();
  await rm(root, { recursive: true, force: true });
});

async function status(extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--project', dir, 'status', ...extra], {
    cwd: root,
    env,
    stdin: Readable.from([]),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    isTTY: false,
  });
  return { code, stdout, stderr };
}

describe('catalyst status after a real local deploy', () => {
  it('shows the deployed demo app healthy, then stopped without probing it again', async () => {
    const record = await deployTarget({ projectDir: dir, targetId: 'local' }, { workspace, env });
    expect(record.status).toBe('success');

    const up = await status();
    expect(up.code).toBe(0);
    expect(up.stderr).toBe('');
    expect(up.stdout.trimEnd().split('\n').slice(1)).toEqual([
      expect.stringMatching(/^demo\s+local\s+healthy\s+100 %\s+\d+ ms\s+\d+ ms\s+0 %\s+just now$/),
    ]);

    await stopTarget(dir, 'local', { workspace, env });
    const stopped = await status();
    expect(stopped).toMatchObject({ code: 0, stderr: '' });
    expect(stopped.stdout.trimEnd().split('\n').slice(1)).toEqual([
      expect.stringMatching(/^demo\s+local\s+stopped\s+100 %/),
    ]);
    // Listed as stopped, not probed: the one check of before the stop is all there is.
    const json = await status(['--json']);
    expect(JSON.parse(json.stdout).targets).toEqual([
      expect.objectContaining({ targetId: 'local', status: 'stopped', checks24h: 1 }),
    ]);
  });
});
