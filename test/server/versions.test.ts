import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEnvVar } from '../../src/store/project-store.js';
import { type StudioFixture, startFixture } from './support/studio-fixture.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths
type Body = any;

const BIN = fileURLToPath(new URL('../../bin/catalyst.js', import.meta.url));

/** `catalyst ...args` as a real process: another writer than the studio. */
function catalyst(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

async function hashOf(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
    .slice(0, 16);
}

async function json(res: Promise<Response>): Promise<{ status: number; body: Body; etag: string | null }> {
  const r = await res;
  return { status: r.status, body: await r.json(), etag: r.headers.get('etag') };
}

describe('versions: a stale write is refused instead of overwriting a change on disk', () => {
  let f: StudioFixture;
  let demo: { id: string; folder: string };
  beforeAll(async () => {
    f = await startFixture();
    demo = await f.demo();
  });
  afterAll(() => f.close());

  const base = () => `/api/projects/${demo.id}`;
  const mainFile = () => path.join(demo.folder, 'workflows/main_workflow.json');
  const manifestFile = () => path.join(demo.folder, 'catalyst.json');

  it('gives every read of a workflow and of the manifest the hash of the file, also as ETag', async () => {
    const got = await json(f.call('GET', `${base()}/workflows/wf_main`));
    expect(got.status).toBe(200);
    expect(got.body.version).toBe(await hashOf(mainFile()));
    expect(got.etag).toBe(`"${got.body.version}"`);
    expect(got.body.file).toBe('workflows/main_workflow.json');

    const model = await json(f.call('GET', `${base()}/model`));
    expect(model.body.model.version).toBe(await hashOf(manifestFile()));
    const main = model.body.model.workflows.find((w: Body) => w.workflow.id === 'wf_main');
    expect(main.version).toBe(got.body.version);

    const detail = await json(f.call('GET', base()));
    expect(detail.body.project.version).toBe(await hashOf(manifestFile()));
    expect(detail.etag).toBe(`"${detail.body.project.version}"`);
    expect(detail.body.project.workflows.find((w: Body) => w.id === 'wf_main').version).toBe(
      got.body.version,
    );
  });

  it('refuses a stale editor save after a real CLI change (409), and the file keeps the CLI change', async () => {
    const got = await json(f.call('GET', `${base()}/workflows/wf_main`));
    const stale = {
      ...got.body.workflow,
      description: 'from the editor',
      endpoint: got.body.workflow.endpoint,
    };

    const cli = await catalyst(
      ['workflow', 'set', 'wf_main', '--description', 'from the CLI', '--project', demo.folder],
      { ...process.env, CATALYST_HOME: f.home },
    );
    expect(cli.code, cli.stderr).toBe(0);
    const afterCli = await readFile(mainFile(), 'utf8');
    expect(JSON.parse(afterCli).description).toBe('from the CLI');

    const put = await json(f.call('PUT', `${base()}/workflows/wf_main`, stale, { 'if-match': got.etag! }));
    expect(put.status).toBe(409);
    expect(put.body).toEqual({
      error:
        'Workflow main_workflow (workflows/main_workflow.json) changed on disk since it was loaded (by the CLI, another tab or an editor): reload to see the change, or overwrite it.',
      code: 'conflict',
      version: await hashOf(mainFile()),
    });
    expect(await readFile(mainFile(), 'utf8')).toBe(afterCli);

    // Overwriting knowingly: the version on disk now is accepted, and the answer names the new one.
    const again = await json(
      f.call('PUT', `${base()}/workflows/wf_main`, stale, { 'if-match': `"${put.body.version}"` }),
    );
    expect(again.status).toBe(200);
    expect(JSON.parse(await readFile(mainFile(), 'utf8')).description).toBe('from the editor');
    expect(again.body.version).toBe(await hashOf(mainFile()));
    expect(again.etag).toBe(`"${again.body.version}"`);
  });

  it('lets exactly one of two saves based on the same version through', async () => {
    const got = await json(f.call('GET', `${base()}/workflows/wf_main`));
    const save = (description: string) =>
      f.call(
        'PUT',
        `${base()}/workflows/wf_main`,
        { ...got.body.workflow, description },
        { 'if-match': got.etag! },
      );
    const [a, b] = await Promise.all([save('first tab'), save('second tab')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 'first tab' : 'second tab';
    expect(JSON.parse(await readFile(mainFile(), 'utf8')).description).toBe(winner);
  });

  it('refuses stale rename, delete and workflow settings, writing nothing', async () => {
    const got = await json(f.call('GET', `${base()}/workflows/wf_extract`));
    await json(
      f.call('PUT', `${base()}/workflows/wf_extract`, {
        ...got.body.workflow,
        endpoint: null,
        description: 'moved on',
      }),
    );
    const before = await readFile(path.join(demo.folder, 'workflows/extract_data.json'), 'utf8');
    const stale = { 'if-match': got.etag! };
    const renamed = await f.call(
      'POST',
      `${base()}/workflows/wf_extract/rename`,
      { name: 'pull_data' },
      stale,
    );
    const deleted = await f.call('DELETE', `${base()}/workflows/wf_extract`, undefined, stale);
    const settings = await f.call('PATCH', `${base()}/workflows/wf_extract`, { visibility: 'public' }, stale);
    expect([renamed.status, deleted.status, settings.status]).toEqual([409, 409, 409]);
    expect(await readFile(path.join(demo.folder, 'workflows/extract_data.json'), 'utf8')).toBe(before);
  });

  it('refuses stale settings writes that rewrite catalyst.json (env, secrets, targets, project)', async () => {
    const detail = await json(f.call('GET', base()));
    await setEnvVar(demo.folder, 'CHANGED_ELSEWHERE', '1');
    const before = await readFile(manifestFile(), 'utf8');
    const stale = { 'if-match': detail.etag! };
    const writes = [
      f.call('PUT', `${base()}/env/LOG_LEVEL`, { value: 'debug' }, stale),
      f.call('DELETE', `${base()}/env/CHANGED_ELSEWHERE`, undefined, stale),
      f.call('PUT', `${base()}/secrets/API_KEY`, { value: 'sk-never-stored' }, stale),
      f.call('POST', `${base()}/targets`, { id: 'staging', name: 'Staging', platform: 'docker' }, stale),
      f.call('DELETE', `${base()}/targets/local`, undefined, stale),
      f.call('PATCH', base(), { description: 'stale' }, stale),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.status).toBe(409);
      expect((await res.json()).error).toContain('The project settings (catalyst.json) changed on disk');
    }
    expect(await readFile(manifestFile(), 'utf8')).toBe(before);
    expect(f.workspace.vault.has(demo.id, 'API_KEY')).toBe(false);

    // With the version read now, the same write goes through; without If-Match it is not checked.
    const fresh = await json(f.call('GET', base()));
    const ok = await f.call(
      'PUT',
      `${base()}/env/LOG_LEVEL`,
      { value: 'debug' },
      { 'if-match': fresh.etag! },
    );
    expect(ok.status).toBe(200);
    const unchecked = await f.call('PUT', `${base()}/env/LOG_LEVEL`, { value: 'info' });
    expect(unchecked.status).toBe(200);
  });
});
