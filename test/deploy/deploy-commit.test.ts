import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { gitLastCommit, gitStatus } from '../../src/store/git.js';
import { makeSandbox, type Sandbox } from '../fixtures/deploy-sandbox.js';
import { createCloudProject } from './cloud-project.js';

const ENV_TOKEN = 'ghp_dotenv-TOKEN-never-in-git-0123456789';

/** `deploy` commits only the project's own files and files git already tracks (DESIGN §10). */
describe('what deploy commits', () => {
  let box: Sandbox;
  let dir: string;

  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: box.env, encoding: 'utf8' });

  async function cli(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(['--project', dir, ...argv], {
      cwd: box.root,
      env: { ...box.env, CATALYST_HOME: box.home, CATALYST_SECRET_KEY: 'a test passphrase of enough length' },
      stdin: Readable.from([]),
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      isTTY: false,
    });
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    box = await makeSandbox();
    ({ dir } = await createCloudProject(box));
  });
  afterAll(async () => box.cleanup());

  it('init writes a .gitignore that ignores .catalyst/, .env and *.tmp', async () => {
    const lines = (await readFile(path.join(dir, '.gitignore'), 'utf8')).split('\n');
    expect(lines).toEqual(expect.arrayContaining(['.catalyst/', '.env', '*.tmp']));
    await writeFile(path.join(dir, '.env'), `TOKEN=${ENV_TOKEN}\n`);
    await writeFile(path.join(dir, 'leftover.tmp'), 'half written');
    expect((await gitStatus(dir)).clean).toBe(true);
  });

  it('leaves a .env, temp files and other untracked files out of the commit and names them in the log', async () => {
    // A project made before init ignored .env and *.tmp: nothing in git keeps them out.
    await writeFile(path.join(dir, '.gitignore'), '.catalyst/\n');
    git('commit', '--quiet', '-m', 'an older .gitignore', '--', '.gitignore');
    await mkdir(path.join(dir, 'workflows', 'drafts'), { recursive: true });
    await writeFile(path.join(dir, 'workflows', 'drafts', 'idea.json'), '{}');
    await writeFile(path.join(dir, 'workflows', 'echo_rail.json.tmp'), '{');
    await writeFile(path.join(dir, 'x.tmp'), 'leftover');
    await writeFile(path.join(dir, 'notes.txt'), 'my notes');
    const file = path.join(dir, 'workflows', 'echo_rail.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"Shape"', '"Shape it"'));
    const before = git('rev-parse', 'HEAD').trim();

    const run = await cli(['deploy', '--target', 'rail']);
    expect(run.code, run.stderr).toBe(0);

    const last = await gitLastCommit(dir);
    expect(last?.subject).toBe('catalyst: deploy rail');
    expect(git('diff', '--name-only', before, 'HEAD').split('\n').filter(Boolean)).toEqual([
      'workflows/echo_rail.json',
    ]);
    const lines = run.stderr.split('\n');
    expect(lines).toContain(
      `Committed uncommitted changes (1 file: workflows/echo_rail.json) as ${last?.short} "catalyst: deploy rail"`,
    );
    expect(lines).toContain(
      "Left out of the commit: .env, leftover.tmp, notes.txt, workflows/drafts/idea.json, workflows/echo_rail.json.tmp, x.tmp (not the project's files; `git add` them yourself if they belong in git)",
    );
    expect((await gitStatus(dir)).files.map((f) => [f.path, f.status])).toEqual([
      ['.env', '??'],
      ['leftover.tmp', '??'],
      ['notes.txt', '??'],
      ['workflows/drafts/idea.json', '??'],
      ['workflows/echo_rail.json.tmp', '??'],
      ['x.tmp', '??'],
    ]);
    expect(git('log', '-p', '--all')).not.toContain(ENV_TOKEN);
  });

  it('commits a new workflow file and a deleted tracked file, still never the .env', async () => {
    await writeFile(
      path.join(dir, 'workflows', 'added.json'),
      (await readFile(path.join(dir, 'workflows', 'echo_k8s.json'), 'utf8'))
        .replace('"wf_k8s"', '"wf_added"')
        .replace('"echo k8s"', '"added"')
        .replace('"k8s"', '"rail"'),
    );
    await unlink(path.join(dir, 'workflows', 'echo_aca.json'));
    // git runs the user's hooks with the environment Catalyst gives it: never the passphrase.
    const seen = path.join(box.root, 'hook-saw');
    const hook = path.join(dir, '.git', 'hooks', 'post-commit');
    await writeFile(
      hook,
      `#!/bin/sh\necho "key=\${CATALYST_SECRET_KEY:-unset} home=\${CATALYST_HOME:-unset}" > '${seen}'\n`,
    );
    await chmod(hook, 0o755);
    const before = git('rev-parse', 'HEAD').trim();
    const run = await cli(['deploy', '--target', 'rail']);
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(seen, 'utf8')).toBe('key=unset home=unset\n');
    await unlink(hook);
    expect(git('diff', '--no-renames', '--name-status', before, 'HEAD').trim().split('\n')).toEqual([
      'A\tworkflows/added.json',
      'D\tworkflows/echo_aca.json',
    ]);
    expect(git('log', '-p', '--all')).not.toContain(ENV_TOKEN);
  });

  it('--no-commit is not refused for untracked files that would be left out anyway', async () => {
    const run = await cli(['deploy', '--target', 'rail', '--no-commit']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Left out of the commit: .env, leftover.tmp, notes.txt');
  });
});
