import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { openStudioPage, shotAtWidths } from './support/page-shots.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

/** The Generated-code page's stage chips say how each stage ended, a failed one included. */
describe('generation stage chips, in Chromium', () => {
  let f: StudioFixture;
  let browser: Browser;
  let page: Page;
  let demo: { id: string; folder: string };
  const chip = (stage: string) => page.locator(`[data-testid="generate-progress"] [data-stage="${stage}"]`);
  const shot = (name: string) => shotAtWidths(page, `generate-${name}`, { fullPage: true });

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    demo = await f.demo('stages');
    ({ browser, page } = await openStudioPage(f.studio.url));
  });
  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('a generation that works ends with every stage done', async () => {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/code`);
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    // Generation runs the real pipeline; on a busy machine it can take a while.
    await page.locator('[data-testid="file-tree"]').waitFor({ timeout: 110_000 });
    await expect.poll(() => chip('write').getAttribute('data-status')).toBe('done');
    expect(await chip('validate').getAttribute('data-status')).toBe('done');
    expect(await page.locator('[data-testid="generate-progress"] .animate-spin').count()).toBe(0);
    await shot('done');
  }, 120_000);

  it('a generation that fails at validation shows that stage failed, not still running', async () => {
    // The CLI (or an editor) leaves an edge to a node that does not exist.
    const file = path.join(demo.folder, 'workflows', 'main_workflow.json');
    const workflow = JSON.parse(await readFile(file, 'utf8'));
    workflow.edges.push({ id: 'e_broken', source: 'shape', target: 'nowhere' });
    await writeFile(file, `${JSON.stringify(workflow, null, 2)}\n`);

    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.locator('[data-testid="generate-problems"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => chip('validate').getAttribute('data-status')).toBe('error');
    expect(await chip('validate').getAttribute('title')).toBe('validate failed');
    expect(await chip('validate').locator('.animate-spin').count()).toBe(0);
    // Nothing after the failed stage started, and the failure is that stage's, not a chip of its own.
    expect(await page.locator('[data-testid="generate-progress"] [data-stage]').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Generate', exact: true }).isEnabled()).toBe(true);
    await shot('failed');
  });
});
