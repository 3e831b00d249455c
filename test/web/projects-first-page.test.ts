import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture, TEST_TOKEN } from '../server/support/studio-fixture.js';

/**
 * The dashboard's store against the real server: the first twelve cards arrive on their own
 * before the full list, so the page can show them without waiting for every project.
 */
describe('projects store: first page, then the full list', () => {
  let f: StudioFixture;
  let useProjects: typeof import('../../src/web/stores/projects-store.js').useProjects;

  beforeAll(async () => {
    f = await startFixture();
    for (let i = 0; i < 14; i++) await f.demo(`demo-${String(i).padStart(2, '0')}`);
    const storage = new Map<string, string>();
    Object.assign(globalThis, {
      window: {
        location: {
          search: `?token=${TEST_TOKEN}`,
          origin: f.studio.origin,
          href: `${f.studio.origin}/?token=${TEST_TOKEN}#/`,
        },
        sessionStorage: {
          getItem: (k: string) => storage.get(k) ?? null,
          setItem: (k: string, v: string) => storage.set(k, v),
        },
        history: { replaceState: () => {} },
      },
    });
    useProjects = (await import('../../src/web/stores/projects-store.js')).useProjects;
  }, 60_000);
  afterAll(async () => {
    Reflect.deleteProperty(globalThis, 'window');
    await f?.close();
  });

  it('holds the first twelve with the total before the full list, then all of them', async () => {
    const seen: Array<{ firstPage: string[] | null; total: number | null; projects: number | null }> = [];
    const stop = useProjects.subscribe((s) =>
      seen.push({
        firstPage: s.firstPage?.projects.map((p) => p.name) ?? null,
        total: s.firstPage?.total ?? null,
        projects: s.projects?.length ?? null,
      }),
    );
    await useProjects.getState().load({ firstPage: true });
    stop();
    const names = Array.from({ length: 12 }, (_, i) => `demo-${String(i).padStart(2, '0')}`);
    expect(seen[0]).toEqual({ firstPage: names, total: 14, projects: null });
    expect(seen.at(-1)).toEqual({ firstPage: names, total: 14, projects: 14 });
    expect(useProjects.getState().error).toBeNull();
  });

  it('reloads only the full list once it has it', async () => {
    const firstPage = useProjects.getState().firstPage;
    await f.demo('demo-14');
    await useProjects.getState().load();
    expect(useProjects.getState().projects).toHaveLength(15);
    expect(useProjects.getState().firstPage).toBe(firstPage);
  });
});
