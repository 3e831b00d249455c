import { access } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from './support/studio-fixture.js';

const present = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

describe('DELETE /api/projects/:projectId', () => {
  let f: StudioFixture;

  beforeAll(async () => {
    f = await startFixture();
  });

  afterAll(async () => {
    await f?.close();
  });

  it('unregisters only: the folder stays, the dashboard no longer lists it', async () => {
    const kept = await f.demo('kept-folder');
    const response = await f.call('DELETE', `/api/projects/${kept.id}?deleteFolder=false`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      removed: { id: kept.id, path: kept.folder, deletedFolder: false },
    });
    expect(await present(kept.folder)).toBe(true);
    expect(f.workspace.registry.find(kept.id)).toBeUndefined();
    const list = (await (await f.call('GET', '/api/projects')).json()) as { projects: { id: string }[] };
    expect(list.projects.map((p) => p.id)).not.toContain(kept.id);
    expect((await f.call('GET', `/api/projects/${kept.id}`)).status).toBe(404);
  });

  it('without the query it unregisters only', async () => {
    const plain = await f.demo('plain-remove');
    expect((await f.call('DELETE', `/api/projects/${plain.id}`)).status).toBe(200);
    expect(await present(plain.folder)).toBe(true);
    expect(f.workspace.registry.find(plain.id)).toBeUndefined();
  });

  it('deleteFolder=true removes the folder as well', async () => {
    const gone = await f.demo('gone-folder');
    const response = await f.call('DELETE', `/api/projects/${gone.id}?deleteFolder=true`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { removed: { deletedFolder: boolean } }).removed.deletedFolder).toBe(
      true,
    );
    expect(await present(gone.folder)).toBe(false);
    expect(f.workspace.registry.find(gone.id)).toBeUndefined();
  });

  it('an unknown project is 404 and a bad flag is 400, changing nothing', async () => {
    const other = await f.demo('untouched');
    const unknown = await f.call('DELETE', '/api/projects/no-such-project?deleteFolder=true');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toContain('no-such-project');
    const bad = await f.call('DELETE', `/api/projects/${other.id}?deleteFolder=yes`);
    expect(bad.status).toBe(400);
    expect(await present(other.folder)).toBe(true);
    expect(f.workspace.registry.find(other.id)?.id).toBe(other.id);
  });
});
