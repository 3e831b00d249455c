import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAP_NODE } from '../fixtures/nap-workflow.js';
import { RunStudio } from '../fixtures/run-studio.js';
import { openStudioPage, shotAtWidths } from './support/page-shots.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

/** A Run that hits the studio's time limit reads as a failed run in the editor, and is kept. */
describe('a Run stopped at its time limit, in Chromium', () => {
  let s: RunStudio;
  let browser: Browser;
  let page: Page;
  let sleeper: string;

  beforeAll(async () => {
    await ensureWebBuilt();
    s = await RunStudio.create(
      'run-timeout-page',
      { ...process.env, CATALYST_RUN_TIMEOUT: '3' },
      { webRoot: WEB_ROOT },
    );
    sleeper = await s.addWorkflow('Sleeper', { nap: NAP_NODE });
    ({ browser, page } = await openStudioPage(s.studio.url));
  });
  afterAll(async () => {
    await browser?.close();
    await s?.dispose();
  });

  it('shows the failure naming the workflow, and the run in the history', async () => {
    await page.goto(`${s.studio.origin}/#/projects/${s.projectId}/workflows/${sleeper}`);
    await page.locator('[data-testid="editor"]').waitFor();
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('button', { name: /^(Save and run|Run)$/ }).click();
    const result = page.locator('[data-testid="run-result"]');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute('data-status')).toBe('error');
    expect(await page.locator('[data-testid="run-failure"]').textContent()).toContain(
      'Run of Sleeper stopped after 3 s: it did not finish',
    );
    // The history is fetched after the answer is shown; the button reads "Run" again once it is in.
    await expect.poll(() => page.getByRole('button', { name: 'Run', exact: true }).isEnabled()).toBe(true);
    expect(await page.locator('[data-testid="run-history"] option').allTextContents()).toEqual([
      expect.stringMatching(/ · error, stopped · /),
    ]);
    await shotAtWidths(page, 'run-timeout');
  });
});
