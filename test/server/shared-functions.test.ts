import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEnvVar, updateWorkflow } from '../../src/store/project-store.js';
import { type StudioFixture, startFixture } from './support/studio-fixture.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths
type Body = any;

async function json(res: Promise<Response>): Promise<{ status: number; body: Body; etag: string | null }> {
  const r = await res;
  return { status: r.status, body: await r.json(), etag: r.headers.get('etag') };
}

const CODE = 'def label(total):\n    return "Total: " + str(total)\n';

describe('studio API: shared functions (Settings)', () => {
  let f: StudioFixture;
  let demo: { id: string; folder: string };
  beforeAll(async () => {
    f = await startFixture();
    demo = await f.demo();
  });
  afterAll(() => f.close());

  const base = () => `/api/projects/${demo.id}/shared-functions`;
  const manifest = async () => JSON.parse(await readFile(path.join(demo.folder, 'catalyst.json'), 'utf8'));

  it('adds one (201) and answers with the project page, which lists it', async () => {
    const detail = await json(f.call('GET', `/api/projects/${demo.id}`));
    const added = await json(
      f.call(
        'POST',
        base(),
        { name: 'label', description: 'Totals as text', code: CODE },
        { 'if-match': detail.etag! },
      ),
    );
    expect(added.status).toBe(201);
    expect(added.body.project.manifest.sharedFunctions.label).toEqual({
      id: 'label',
      name: 'label',
      description: 'Totals as text',
      language: 'python',
      code: CODE,
    });
    expect(added.body.project.version).not.toBe(detail.body.project.version);
    expect((await manifest()).sharedFunctions.label.code).toBe(CODE);
  });

  it('refuses bad input with the message on the form field it concerns, and writes nothing', async () => {
    const before = await readFile(path.join(demo.folder, 'catalyst.json'), 'utf8');
    const cases: Array<[Body, string, string]> = [
      [{ name: 'total-label', code: CODE }, 'name', '"total-label" is not a Python function name'],
      [{ name: 'label', code: CODE }, 'name', 'Another shared function is already named label'],
      [{ name: 'fmt', code: '' }, 'code', 'The code is empty'],
      [{ name: 'fmt', code: CODE }, 'code', 'The code does not define fmt'],
    ];
    for (const [body, field, message] of cases) {
      const res = await json(f.call('POST', base(), body));
      expect(res.status, message).toBe(400);
      expect(res.body.error).toContain(message);
      expect(res.body.problems).toEqual([{ path: `$.${field}`, message: res.body.error, field }]);
    }
    const shape = await json(f.call('POST', base(), { name: 'fmt' }));
    expect(shape.status).toBe(400);
    expect(shape.body.problems[0].field).toBe('code');
    expect(await readFile(path.join(demo.folder, 'catalyst.json'), 'utf8')).toBe(before);
  });

  it('edits name, description and code (PUT sends the whole function)', async () => {
    const edited = await json(
      f.call('PUT', `${base()}/label`, { name: 'label', code: `${CODE}\n# v2\n`, description: '' }),
    );
    expect(edited.status).toBe(200);
    expect(edited.body.project.manifest.sharedFunctions.label).toEqual({
      id: 'label',
      name: 'label',
      language: 'python',
      code: `${CODE}\n# v2\n`,
    });
    const missing = await json(f.call('PUT', `${base()}/nope`, { name: 'nope', code: 'nope = 1' }));
    expect(missing.status).toBe(404);
    expect(missing.body.error).toContain('No shared function nope');
  });

  it('refuses to delete a function a code node uses (409 naming workflow and node), then deletes it once unused', async () => {
    const extract = (await manifestWorkflow('extract_data.json')) as Body;
    const load = extract.nodes.load;
    await updateWorkflow(demo.folder, extract.id, {
      nodes: { ...extract.nodes, load: { ...load, config: { code: `x = label(1)\n${load.config.code}` } } },
    });
    const refused = await json(f.call('DELETE', `${base()}/label`));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('in_use');
    expect(refused.body.error).toBe(
      'Cannot delete label: node "Load orders" of workflow extract_data uses it. Remove label from that code first.',
    );
    expect((await manifest()).sharedFunctions.label).toBeDefined();

    await updateWorkflow(demo.folder, extract.id, { nodes: extract.nodes });
    const deleted = await json(f.call('DELETE', `${base()}/label`));
    expect(deleted.status).toBe(200);
    expect(deleted.body.project.manifest.sharedFunctions).toEqual({});
  });

  it('refuses stale writes (409 with the version on disk) like every catalyst.json write', async () => {
    const detail = await json(f.call('GET', `/api/projects/${demo.id}`));
    await setEnvVar(demo.folder, 'CHANGED_ELSEWHERE', '1');
    const before = await readFile(path.join(demo.folder, 'catalyst.json'), 'utf8');
    const stale = { 'if-match': detail.etag! };
    const writes = await Promise.all([
      json(f.call('POST', base(), { name: 'fresh', code: 'def fresh():\n    pass\n' }, stale)),
      json(f.call('PUT', `${base()}/label`, { name: 'label', code: CODE }, stale)),
      json(f.call('DELETE', `${base()}/label`, undefined, stale)),
    ]);
    for (const res of writes) {
      expect(res.status).toBe(409);
      expect(res.body.error).toContain('The project settings (catalyst.json) changed on disk');
      expect(typeof res.body.version).toBe('string');
    }
    expect(await readFile(path.join(demo.folder, 'catalyst.json'), 'utf8')).toBe(before);
  });

  it('needs the token like every API route', async () => {
    const res = await f.call('POST', base(), { name: 'x', code: 'x = 1' }, { 'x-catalyst-token': 'wrong' });
    expect(res.status).toBe(401);
  });

  async function manifestWorkflow(file: string): Promise<unknown> {
    return JSON.parse(await readFile(path.join(demo.folder, 'workflows', file), 'utf8'));
  }
});
