import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

const PROJECTS = 1000;

/**
 * Real project folders (catalyst.json + one workflow), registered in the real workspace
 * registry. Without git: a thousand `git init` + commit would take minutes and the cards
 * then just say "no commits".
 */
async function seed(f: StudioFixture): Promise<void> {
  const now = '2026-01-05T10:00:00.000Z';
  for (let i = 0; i < PROJECTS; i++) {
    const n = String(i).padStart(4, '0');
    const folder = path.join(f.home, 'projects', `project-${n}`);
    const id = `proj_${n}`;
    await mkdir(path.join(folder, 'workflows'), { recursive: true });
    const manifest = {
      schemaVersion: 1,
      id,
      name: `project-${n}`,
      description: i % 10 === 0 ? `Invoice pipeline number ${n}` : `Service ${n}`,
      version: '0.1.0',
      createdAt: now,
      updatedAt: now,
      deploymentTargets: { local: { id: 'local', name: 'Local', platform: 'docker', platformConfig: {} } },
    };
    const workflow = { id: 'wf_main', name: 'main', deploymentTargetId: 'local', visibility: 'public' };
    await writeFile(path.join(folder, 'catalyst.json'), JSON.stringify(manifest));
    await writeFile(path.join(folder, 'workflows/main.json'), JSON.stringify(workflow));
    f.workspace.registry.register({ id, name: manifest.name, path: folder });
  }
}

describe('dashboard with 1,000 projects', () => {
  let f: StudioFixture;
  let browser: Browser;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
    await writeFile(
      path.join(ARTIFACTS, 'dashboard-1000.json'),
      `${JSON.stringify(timings, null, 2)}\n`,
    ).catch(() => {});
  });

  it('shows the empty state, then the projects registered meanwhile, without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(f.studio.url);
    await page.getByRole('heading', { name: 'No projects yet' }).waitFor();
    await page.getByRole('button', { name: 'Create your first project' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'studio-empty.png') });
    await seed(f);
    await expect
      .poll(() => page.getByTestId('page-info').textContent(), { timeout: 20_000 })
      .toBe('Showing 1–12 of 1,000');
    await page.close();
  });

  it('lists them all through the API quickly', async () => {
    const t0 = performance.now();
    const res = await f.call('GET', '/api/projects');
    const body = (await res.json()) as { projects: Array<{ workflowCount: number }> };
    timings.apiListMs = Math.round(performance.now() - t0);
    expect(body.projects).toHaveLength(PROJECTS);
    expect(body.projects.every((p) => p.workflowCount === 1)).toBe(true);
    // Generous bounds for a loaded CI machine; they catch the pathological (a process per project), not jitter.
    expect(timings.apiListMs).toBeLessThan(5000);
  });

  it('renders one page of cards, searches instantly and pages through', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const t0 = performance.now();
    await page.goto(f.studio.url);
    const info = page.getByTestId('page-info');
    await info.waitFor();
    timings.firstPageMs = Math.round(performance.now() - t0);
    expect(await info.textContent()).toBe('Showing 1–12 of 1,000');
    const cards = page.getByTestId('project-card');
    expect(await cards.count()).toBe(12);

    const search = page.getByRole('searchbox', { name: 'Search projects' });
    const t1 = performance.now();
    await search.fill('invoice');
    await expect.poll(() => info.textContent()).toBe('Showing 1–12 of 100');
    timings.searchMs = Math.round(performance.now() - t1);

    await search.fill('project-0777');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.first().locator('h3').textContent()).toBe('project-0777');

    await search.fill('');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => info.textContent()).toBe('Showing 13–24 of 1,000');
    expect(await cards.first().locator('h3').textContent()).toBe('project-0012');

    await page.getByTestId('project-selector').click();
    await page.getByText('950 more — type to narrow the list').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'studio-dashboard-1000.png') });
    await page.getByRole('textbox', { name: 'Find a project' }).fill('0999');
    await page.getByRole('button', { name: /project-0999/ }).click();
    await page.getByRole('heading', { name: 'project-0999', level: 1 }).waitFor();
    expect(await page.getByTestId('project-selector').textContent()).toBe('project-0999');
    await page.getByTestId('project-selector').click();
    await page.keyboard.press('Escape');
    await page.getByRole('textbox', { name: 'Find a project' }).waitFor({ state: 'detached' });

    expect(timings.firstPageMs).toBeLessThan(8000);
    expect(timings.searchMs).toBeLessThan(2000);
    await page.close();
  });
});
