import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture, TEST_TOKEN } from '../server/support/studio-fixture.js';

/**
 * The page's stores against the real server. The page reads its token from `window`; a
 * minimal one stands in for the browser here (the browser tests cover the real page).
 */
describe('client stores', () => {
  let f: StudioFixture;
  const replaced: string[] = [];
  let stores: {
    useProjects: typeof import('../../src/web/stores/projects-store.js').useProjects;
    useProject: typeof import('../../src/web/stores/project-store.js').useProject;
    useLive: typeof import('../../src/web/stores/live-store.js').useLive;
    useToasts: typeof import('../../src/web/stores/toast-store.js').useToasts;
  };
  let demoId = '';

  beforeAll(async () => {
    f = await startFixture();
    demoId = (await f.demo()).id;
    const storage = new Map<string, string>();
    const href = `${f.studio.origin}/?token=${TEST_TOKEN}#/`;
    Object.assign(globalThis, {
      window: {
        location: { search: `?token=${TEST_TOKEN}`, origin: f.studio.origin, href },
        sessionStorage: {
          getItem: (k: string) => storage.get(k) ?? null,
          setItem: (k: string, v: string) => storage.set(k, v),
        },
        history: { replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) },
      },
    });
    stores = {
      useProjects: (await import('../../src/web/stores/projects-store.js')).useProjects,
      useProject: (await import('../../src/web/stores/project-store.js')).useProject,
      useLive: (await import('../../src/web/stores/live-store.js')).useLive,
      useToasts: (await import('../../src/web/stores/toast-store.js')).useToasts,
    };
  });
  afterAll(async () => {
    Reflect.deleteProperty(globalThis, 'window');
    await f.close();
  });

  it('takes the token from the URL and strips it from the address bar', () => {
    expect(replaced).toEqual(['/#/']);
  });

  it('loads and creates projects', async () => {
    const { useProjects } = stores;
    await useProjects.getState().load();
    expect(useProjects.getState().projects?.map((p) => p.name)).toEqual(['demo']);
    const created = await useProjects.getState().create({ name: 'second', description: 'two' });
    expect(created.name).toBe('second');
    await expect.poll(() => useProjects.getState().projects?.length).toBe(2);
    await expect(
      useProjects.getState().create({ name: 'line\nbreak', description: '' }),
    ).rejects.toMatchObject({
      status: 400,
      problems: [expect.objectContaining({ field: 'name' })],
    });
  });

  it('loads a project with its problems, and says why one cannot be loaded', async () => {
    const { useProject } = stores;
    await useProject.getState().load(demoId);
    expect(useProject.getState().project?.workflows).toHaveLength(3);
    expect(useProject.getState().problems).toEqual([]);
    await useProject.getState().load('proj_gone');
    expect(useProject.getState()).toMatchObject({
      project: null,
      error: 'No project proj_gone in this workspace: it may have been removed.',
    });
  });

  it('collects generation progress by run and shows passing toasts', () => {
    const { useLive, useToasts } = stores;
    const event = {
      type: 'generate',
      runId: 'r1',
      projectId: demoId,
      targetId: 'local',
      stage: 'plan',
      status: 'start',
      message: null,
    } as const;
    useLive.getState().pushGenerate(event);
    useLive.getState().pushGenerate({ ...event, status: 'done' });
    expect(useLive.getState().generateEvents['r1']?.map((e) => e.status)).toEqual(['start', 'done']);
    useLive.getState().setConnected(true);
    expect(useLive.getState().connected).toBe(true);
    useToasts.getState().show('Saved');
    expect(useToasts.getState().toasts.map((t) => t.text)).toEqual(['Saved']);
  });
});
