import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium, resizeTo } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

/**
 * Issue 16 (3, 4, 6): an invalid workflow saves, but never silently; its problems can be
 * navigated (panel → node selected and centered, cycle edges drawn, field focused), deploy and
 * generated code list them in the user's words, and the project page links to the node.
 */
describe('problems in the studio, in Chromium', () => {
  let f: StudioFixture;
  let browser: Browser;
  let page: Page;
  let demo: { id: string; folder: string };
  let condition = '';
  const pageErrors: string[] = [];

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const shot = async (name: string) => {
    for (const width of [1440, 800]) {
      await resizeTo(page, width);
      await page.screenshot({ path: path.join(ARTIFACTS, `problems-${name}-${width}.png`) });
    }
    await resizeTo(page, 1440);
  };
  const activeId = () => page.evaluate(() => document.activeElement?.id ?? '');

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    demo = await f.demo('probs');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(f.studio.url); // takes the token
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await page.screenshot({ path: path.join(ARTIFACTS, `failed-problems-${name}.png`) }).catch(() => {});
    }
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('generates the valid demo first (files to go stale later)', async () => {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/code`);
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    // Generation runs the real pipeline; on a busy machine it can take a while.
    await page.locator('[data-testid="file-tree"]').waitFor({ timeout: 110_000 });
    await page.locator('[data-testid="code-view"]').waitFor();
  }, 120_000);

  it('an untouched new Condition shows no error; Save says "Saved with 2 problems" and shows them', async () => {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/workflows/wf_main`);
    await page.locator('[data-testid="editor"]').waitFor();
    await page.getByRole('button', { name: 'Fit View' }).click();
    // A cycle: process → shape closes shape → extract → process.
    await node('process')
      .locator('.react-flow__handle.source')
      .dragTo(node('shape').locator('.react-flow__handle.target'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await page.locator('[data-testid="palette-item"][data-node-type="condition"]').click();
    const panel = page.locator('[data-testid="config-panel"]');
    await panel.waitFor();
    condition = (await panel.getAttribute('data-node-id'))!;
    expect(condition).toMatch(/^condition/);
    // Not touched yet: the empty Expression says nothing.
    expect(await page.locator('[data-field-error="cfg-expression"]').count()).toBe(0);
    expect(await page.locator('#cfg-expression').getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('[data-testid="problem-count"]').textContent()).toContain('2 problems');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const toast = page.locator('[data-testid="toast"]', { hasText: 'Saved with 2 problems' });
    await toast.waitFor();
    await shot('save-toast');
    // Saved: now the field says what is wrong, in its label's words.
    const fieldError = page.locator('[data-field-error="cfg-expression"]');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toMatch(/^Expression: /);

    await toast.getByRole('button', { name: 'Show problems' }).click();
    const items = page.locator('[data-testid="problems-panel"] [data-testid="problem-item"]');
    await expect.poll(() => items.count()).toBe(2);
    const texts = await items.allTextContents();
    expect(texts.join('\n')).toContain('Condition › Expression');
    expect(texts.join('\n')).toContain(
      'These steps form a loop: Extract data → Process results → Shape input → Extract data',
    );
    for (const text of texts) expect(text).not.toMatch(/Missing required field|\$\.nodes|node '|wf_main/);
  });

  it('clicking a problem selects and centers its node, focuses its field, and draws a cycle red', async () => {
    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.locator(`[data-testid="problem-item"][data-node-id="${condition}"]`).click();
    await expect.poll(() => node(condition).getAttribute('class')).toContain('selected');
    await expect.poll(activeId).toBe('cfg-expression');
    // Centered: the node's middle is near the canvas's middle.
    const centre = async () => {
      const pane = (await page.locator('[data-testid="canvas"]').boundingBox())!;
      const box = (await node(condition).boundingBox())!;
      return Math.abs(box.x + box.width / 2 - (pane.x + pane.width / 2)) < 40;
    };
    await expect.poll(centre).toBe(true);
    expect(await page.locator('.react-flow__edge.problem-edge').count()).toBe(0);

    await page.locator('[data-testid="problem-item"][data-node-id="extract"]').click();
    await expect.poll(() => node('extract').getAttribute('class')).toContain('selected');
    expect(await node(condition).getAttribute('class')).not.toContain('selected');
    expect(await page.locator('[data-testid="config-panel"]').textContent()).toContain(
      'These steps form a loop: Extract data → Process results → Shape input → Extract data',
    );
    const red = page.locator('.react-flow__edge.problem-edge');
    await expect.poll(() => red.count()).toBe(3);
    await page.getByRole('button', { name: 'Fit View' }).click();
    await shot('panel-cycle');

    // The badge toggles the panel.
    await page.locator('[data-testid="problem-count"]').click();
    await page.locator('[data-testid="problems-panel"]').waitFor({ state: 'detached' });
    expect(await red.count()).toBe(0);
    await page.locator('[data-testid="problem-count"]').click();
    await page.locator('[data-testid="problems-panel"]').waitFor();
  });

  it('Deploy lists the problems (no empty log box), each linking to its node', async () => {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}`);
    await page.getByRole('button', { name: 'Deploy' }).click();
    const dialog = page.locator('[data-testid="deploy-dialog"]');
    const list = dialog.locator('[data-testid="deploy-problems"] [data-testid="problem-line"]');
    await expect.poll(() => list.count()).toBe(2);
    await dialog.getByRole('button', { name: 'Deploy' }).click();
    await dialog.locator('[data-testid="run-log"][data-state="failed"]').waitFor();
    expect(await dialog.getByRole('log').count()).toBe(0);
    await expect.poll(() => list.count()).toBe(2);
    const link = dialog.locator('[data-testid="problem-link"]', { hasText: 'Condition' });
    expect(await link.textContent()).toContain('workflows/main_workflow.json');
    expect(await link.textContent()).toContain('Expression');
    expect(await link.getAttribute('href')).toBe(
      `#/projects/${demo.id}/workflows/wf_main?node=${condition}&field=expression`,
    );
    await shot('deploy');
    await dialog.getByRole('button', { name: 'Close' }).first().click();
  });

  it('Generate that fails clears the stale files and lists the problems', async () => {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/code`);
    await page.locator('[data-testid="file-tree"]').waitFor(); // the earlier, valid generation
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    const list = page.locator('[data-testid="generate-problems"] [data-testid="problem-line"]');
    await expect.poll(() => list.count()).toBe(2);
    expect(await page.locator('[data-testid="file-tree"]').count()).toBe(0);
    expect(await page.locator('[data-testid="code-view"]').count()).toBe(0);
    expect(await page.locator('[data-testid="generate-summary"]').count()).toBe(0);
    await shot('generate');
  });

  it('a problem line on the project page opens the editor with its node selected and field focused', async () => {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}`);
    const link = page.locator('[data-testid="problems"] [data-testid="problem-link"]', {
      hasText: 'Condition',
    });
    await link.waitFor();
    await shot('project');
    await link.click();
    await page.locator('[data-testid="editor"]').waitFor();
    expect(page.url()).toContain(`?node=${condition}&field=expression`);
    await expect.poll(() => node(condition).getAttribute('class')).toContain('selected');
    await page.locator(`[data-testid="config-panel"][data-node-id="${condition}"]`).waitFor();
    await expect.poll(activeId).toBe('cfg-expression');
    await shot('opened-from-link');
    expect(pageErrors).toEqual([]);
  });
});
