import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from './support/studio-fixture.js';

interface ListBody {
  projects: Array<{
    id: string;
    name: string;
    workflowCount: number;
    git: { branch: string | null; commit: string | null };
  }>;
  total: number;
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

function git(folder: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: folder, env: GIT_ENV, encoding: 'utf8' }).trim();
}

/** A project folder written by hand (as another tool would) and registered. */
async function seedProject(f: StudioFixture, i: number): Promise<string> {
  const n = String(i).padStart(2, '0');
  const folder = path.join(f.home, 'projects', `p-${n}`);
  await mkdir(path.join(folder, 'workflows'), { recursive: true });
  const manifest = {
    schemaVersion: 1,
    id: `proj_${n}`,
    name: `p-${n}`,
    description: i % 10 === 0 ? `Invoice pipeline ${n}` : `Service ${n}`,
    version: '0.1.0',
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    deploymentTargets: { local: { id: 'local', name: 'Local', platform: 'docker', platformConfig: {} } },
  };
  await writeFile(path.join(folder, 'catalyst.json'), JSON.stringify(manifest));
  await writeFile(
    path.join(folder, 'workflows', 'main.json'),
    JSON.stringify({ id: 'wf_main', name: 'main', deploymentTargetId: 'local', visibility: 'public' }),
  );
  f.workspace.registry.register({ id: manifest.id, name: manifest.name, path: folder });
  return folder;
}

describe('project list: pages, search and freshness', () => {
  let f: StudioFixture;
  const folders: string[] = [];

  async function list(query = ''): Promise<ListBody> {
    const res = await f.call('GET', `/api/projects${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as ListBody;
  }

  beforeAll(async () => {
    f = await startFixture();
    for (let i = 0; i < 30; i++) folders.push(await seedProject(f, i));
    // The watcher learns the new folders on a registry event; ask for it rather than wait.
    f.studio.bus.publish({ type: 'projects' });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('answers one page with the total, in the full list’s order', async () => {
    const all = await list();
    expect(all).not.toHaveProperty('total');
    expect(all.projects).toHaveLength(30);
    expect(all.projects.map((p) => p.name)).toEqual(folders.map((d) => path.basename(d)));

    const first = await list('?limit=12');
    expect(first.total).toBe(30);
    expect(first.projects.map((p) => p.name)).toEqual(all.projects.slice(0, 12).map((p) => p.name));
    expect(first.projects[0]).toEqual(all.projects[0]);

    const last = await list('?offset=24&limit=12');
    expect(last.projects.map((p) => p.name)).toEqual(['p-24', 'p-25', 'p-26', 'p-27', 'p-28', 'p-29']);
  });

  it('searches every project by name and description on the server', async () => {
    const invoices = await list('?limit=12&q=INVOICE');
    expect(invoices.total).toBe(3);
    expect(invoices.projects.map((p) => p.name)).toEqual(['p-00', 'p-10', 'p-20']);
    const one = await list('?limit=12&q=p-17');
    expect(one.projects.map((p) => p.name)).toEqual(['p-17']);
    expect((await list('?limit=12&q=nothing-like-this')).total).toBe(0);
  });

  it('refuses a bad page with the parameter it is about', async () => {
    const res = await f.call('GET', '/api/projects?limit=0');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { problems: Array<{ field: string | null }> };
    expect(body.problems[0]?.field).toBe('limit');
  });

  it('shows a change made outside the studio once the watcher sees it', async () => {
    await list(); // cached now
    const folder = folders[3]!;
    const file = path.join(folder, 'catalyst.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as { name: string };
    await writeFile(file, JSON.stringify({ ...manifest, name: 'renamed-outside' }));
    await writeFile(
      path.join(folder, 'workflows', 'second.json'),
      JSON.stringify({ id: 'wf_2', name: 'second', deploymentTargetId: 'local', visibility: 'private' }),
    );
    await expect
      .poll(async () => (await list()).projects.find((p) => p.id === 'proj_03'), { timeout: 5000 })
      .toMatchObject({ name: 'renamed-outside', workflowCount: 2 });
  });

  it('shows the branch and commit after git init, and a new commit after it is made', async () => {
    const folder = folders[5]!;
    await list(); // cached without git
    git(folder, 'init', '-q', '-b', 'main');
    git(folder, 'add', '-A');
    git(folder, 'commit', '-q', '-m', 'first');
    const first = git(folder, 'rev-parse', '--short=7', 'HEAD');
    await expect
      .poll(async () => (await list()).projects.find((p) => p.id === 'proj_05')?.git, { timeout: 5000 })
      .toMatchObject({ branch: 'main', commit: first });

    await writeFile(path.join(folder, 'README.md'), 'hello\n');
    git(folder, 'add', '-A');
    git(folder, 'commit', '-q', '-m', 'second');
    const second = git(folder, 'rev-parse', '--short=7', 'HEAD');
    expect(second).not.toBe(first);
    await expect
      .poll(async () => (await list()).projects.find((p) => p.id === 'proj_05')?.git.commit, {
        timeout: 5000,
      })
      .toBe(second);
  });

  it('shows the studio’s own edits at once', async () => {
    await list(); // cached
    const res = await f.call('PATCH', '/api/projects/proj_07', { name: 'renamed-in-studio' });
    expect(res.status).toBe(200);
    const found = await list('?limit=12&q=renamed-in-studio');
    expect(found.projects.map((p) => p.id)).toEqual(['proj_07']);
    expect((await list()).projects.find((p) => p.id === 'proj_07')?.name).toBe('renamed-in-studio');
  });
});
