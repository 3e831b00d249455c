import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium, resizeTo } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

/** Issue 16 items 7 (forms and dialogs) and 10 (Fly target fields), in Chromium. */
describe('studio forms in Chromium', () => {
  let f: StudioFixture;
  let browser: Browser;
  let page: Page;
  let demo: { id: string; folder: string };

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    demo = await f.demo();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('a taken project name is said under Name; Escape closes the dialog', async () => {
    await page.goto(f.studio.url);
    await page.getByRole('button', { name: 'New project' }).first().click();
    const dialog = page.getByRole('dialog');
    await page.locator('#project-name').fill('demo');
    await page.getByRole('button', { name: 'Create project' }).click();
    const error = page.locator('[data-field-error="project-name"]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^A project named demo already exists/);
    expect(await page.locator('[data-field-error="project-folder"]').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'forms-project-name-taken.png') });
    await resizeTo(page, 800);
    await page.screenshot({ path: path.join(ARTIFACTS, 'forms-project-name-taken-800.png') });
    await resizeTo(page, 1440);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('New/Rename/Delete workflow dialogs close on Escape; a colliding name is named with a suggestion', async () => {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}`);
    await page.getByRole('button', { name: 'New workflow' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Rename extract_data' }).click();
    await dialog.waitFor();
    await page.locator('#rename-wf-name').fill('Process-Results');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    const error = page.locator('[data-field-error="rename-wf-name"]');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      'The name "Process-Results" collides with the workflow "process_results": both would be the file and Python module process_results (workflows/process_results.json). Choose another name, e.g. "process_results 2".',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'forms-workflow-name-collides.png') });
    await resizeTo(page, 800);
    await page.screenshot({ path: path.join(ARTIFACTS, 'forms-workflow-name-collides-800.png') });
    await resizeTo(page, 1440);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.locator('#new-wf-name').fill('Main Workflow');
    await dialog.getByRole('button', { name: 'Create workflow' }).click();
    await page.locator('[data-field-error="new-wf-name"]').waitFor();
    expect(await page.locator('[data-field-error="new-wf-name"]').textContent()).toContain(
      'e.g. "main_workflow 2"',
    );
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Delete extract_data' }).click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Nothing was written by any of it.
    expect((await readdir(path.join(demo.folder, 'workflows'))).sort()).toEqual([
      'extract_data.json',
      'main_workflow.json',
      'process_results.json',
    ]);
  });

  it('a Fly target offers its own fields and placeholders, written to platformConfig', async () => {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/settings/targets`);
    await page.getByRole('button', { name: 'Add target' }).click();
    const url = page.locator('#target-url');
    await page.locator('#target-platform').selectOption('railway');
    expect(await url.getAttribute('placeholder')).toBe('https://<service>.up.railway.app');
    await page.locator('#target-platform').selectOption('fly');
    expect(await url.getAttribute('placeholder')).toBe('https://<app>.fly.dev');
    expect(await page.locator('#target-region').getAttribute('placeholder')).toBe('iad');
    expect(await page.locator('label[for="target-region"]').textContent()).toBe('Primary region');
    expect(await page.locator('label[for="target-instanceSize"]').textContent()).toBe('VM size');
    expect(await page.locator('label[for="target-serviceName"]').textContent()).toBe('Fly app name');
    const sizes = await page
      .locator('#target-sizes option')
      .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    expect(sizes).toContain('shared-cpu-1x');
    expect(sizes).toContain('performance-2x');
    await page.locator('#target-id').fill('edge');
    await page.locator('#target-name').fill('Edge');
    await page.locator('#target-serviceName').fill('demo-edge');
    await page.locator('#target-region').fill('ams');
    await page.locator('#target-instanceSize').fill('shared-cpu-2x');
    await page.screenshot({ path: path.join(ARTIFACTS, 'forms-fly-target.png') });
    await resizeTo(page, 800);
    await page.screenshot({ path: path.join(ARTIFACTS, 'forms-fly-target-800.png') });
    await resizeTo(page, 1440);
    await page.getByRole('button', { name: 'Add target' }).click();
    await page.locator('[data-testid="target-row"][data-target="edge"]').waitFor();
    const manifest = JSON.parse(await readFile(path.join(demo.folder, 'catalyst.json'), 'utf8'));
    expect(manifest.deploymentTargets.edge).toMatchObject({
      platform: 'fly',
      platformConfig: { serviceName: 'demo-edge', region: 'ams', instanceSize: 'shared-cpu-2x' },
    });
    // Every platform's URL placeholder is its own.
    await page.getByRole('button', { name: 'Add target' }).click();
    const seen = new Set<string>();
    for (const platform of ['railway', 'fly', 'render', 'cloud-run', 'azure', 'kubernetes', 'docker']) {
      await page.locator('#target-platform').selectOption(platform);
      seen.add((await url.getAttribute('placeholder')) ?? '');
    }
    expect(seen.size).toBe(7);
  });
});
