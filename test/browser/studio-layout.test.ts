import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployRecords } from '../../src/deploy/deploy-workspace.js';
import { DEMO_WORKFLOW_IDS } from '../../src/model/demo.js';
import { addTarget } from '../../src/store/project-store.js';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

/** Issue 16 items 1, 2 and 5: the studio's layout at 1440 and 800 px wide. */
describe('studio layout at 1440 and 800 px, in Chromium', () => {
  let f: StudioFixture;
  let browser: Browser;
  let demo: { id: string; folder: string };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    demo = await f.demo();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  async function open(width: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    // The machine is shared: a slow moment must not fail a layout check.
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(f.studio.url);
    return { context, page };
  }

  const box = async (l: Locator) => {
    const b = await l.boundingBox();
    if (!b) throw new Error('not visible');
    return b;
  };

  async function openEditor(page: Page) {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/workflows/${DEMO_WORKFLOW_IDS.main}`);
    await page.locator('[data-testid="editor"]').waitFor();
    await page.locator('.react-flow__node[data-id="shape"]').waitFor();
  }

  it('key/value editors keep the name, the value and the remove button readable at a 320 px inspector', async () => {
    const { context, page } = await open(1440);
    await openEditor(page);
    await page.locator('.react-flow__node[data-id="shape"] [data-testid="node-name"]').click();
    const inspector = page.locator('[data-testid="inspector"][data-open="true"]');
    expect((await box(inspector)).width).toBe(320);
    const map = page.locator('[data-testid="template-map"]');
    await map.waitFor();
    const panel = inspector.locator('> div.overflow-y-auto');
    const panelBox = await box(panel);
    const rows = await map.locator('[data-testid^="map-key-"]').count();
    expect(rows).toBeGreaterThan(0);
    for (let i = 0; i < rows; i++) {
      const name = await box(map.locator(`[data-testid="map-key-${i}"]`));
      const value = await box(map.locator(`[data-testid="map-value-${i}"]`));
      const key = await map.locator(`[data-testid="map-key-${i}"]`).inputValue();
      const remove = await box(map.getByRole('button', { name: `Remove ${key}`, exact: true }));
      expect(name.width).toBeGreaterThanOrEqual(80);
      expect(value.width).toBeGreaterThanOrEqual(80);
      for (const b of [name, value, remove]) {
        expect(b.x).toBeGreaterThanOrEqual(panelBox.x);
        expect(b.x + b.width).toBeLessThanOrEqual(panelBox.x + panelBox.width);
      }
      expect(name.x + name.width).toBeLessThanOrEqual(value.x);
      expect(value.x + value.width).toBeLessThanOrEqual(remove.x);
    }
    const scroll = await panel.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth }));
    expect(scroll.sw).toBeLessThanOrEqual(scroll.cw);
    await page.screenshot({ path: path.join(ARTIFACTS, 'layout-map-editor-1440.png') });

    // A list editor (a Postgres query's parameters) alike.
    await page.locator('[data-testid="palette-item"][data-node-type="postgresQuery"]').click();
    const list = page.locator('#cfg-params');
    await list.waitFor();
    await list.getByRole('button', { name: 'Add parameter' }).click();
    const param = await box(list.getByRole('textbox', { name: 'Parameter 1' }));
    const removeParam = await box(list.getByRole('button', { name: 'Remove parameter 1' }));
    expect(param.width).toBeGreaterThanOrEqual(80);
    expect(removeParam.x + removeParam.width).toBeLessThanOrEqual(panelBox.x + panelBox.width);
    expect(await panel.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await context.close();
  }, 180_000);

  it('at 800 px the palette and inspector start collapsed, toggle, and the choice survives a reload', async () => {
    const { context, page } = await open(800);
    await openEditor(page);
    const canvas = page.locator('[data-testid="canvas"]');
    const palette = page.locator('[data-testid="palette"]');
    expect(await palette.getAttribute('data-open')).toBe('false');
    expect(await page.locator('[data-testid="inspector"][data-open="false"]').isVisible()).toBe(true);
    expect((await box(canvas)).width).toBeGreaterThanOrEqual(0.6 * 800);
    await page.screenshot({ path: path.join(ARTIFACTS, 'layout-editor-800-collapsed.png') });

    await page.getByRole('button', { name: 'Show inspector' }).click();
    await page.locator('[data-testid="inspector"][data-open="true"]').waitFor();
    expect(await page.getByRole('button', { name: 'Show inspector' }).count()).toBe(0);
    // The key/value editor in the opened inspector at 800 px: both columns readable, nothing off-panel.
    await page.locator('.react-flow__node[data-id="shape"] [data-testid="node-name"]').click();
    const map = page.locator('[data-testid="template-map"]');
    await map.waitFor();
    const panel = page.locator('[data-testid="inspector"][data-open="true"] > div.overflow-y-auto');
    expect((await box(map.locator('[data-testid="map-key-0"]'))).width).toBeGreaterThanOrEqual(80);
    expect((await box(map.locator('[data-testid="map-value-0"]'))).width).toBeGreaterThanOrEqual(80);
    expect(await panel.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'layout-editor-800-inspector.png') });
    await page.reload();
    await page.locator('.react-flow__node[data-id="shape"]').waitFor();
    expect(await page.locator('[data-testid="inspector"][data-open="true"]').isVisible()).toBe(true);
    expect(await palette.getAttribute('data-open')).toBe('false');

    await page.getByRole('button', { name: 'Hide inspector' }).click();
    await page.getByRole('button', { name: 'Show node palette' }).click();
    expect(await palette.getAttribute('data-open')).toBe('true');
    await page.reload();
    await page.locator('.react-flow__node[data-id="shape"]').waitFor();
    expect(await palette.getAttribute('data-open')).toBe('true');
    expect(await page.locator('[data-testid="inspector"][data-open="false"]').isVisible()).toBe(true);
    await context.close();

    // A wide window starts with both open.
    const wide = await open(1440);
    await openEditor(wide.page);
    expect(await wide.page.locator('[data-testid="palette"]').getAttribute('data-open')).toBe('true');
    expect(await wide.page.locator('[data-testid="inspector"][data-open="true"]').isVisible()).toBe(true);
    await wide.page.screenshot({ path: path.join(ARTIFACTS, 'layout-editor-1440.png') });
    await wide.context.close();
  }, 180_000);

  it('the deployment history wraps a 2,000-character failure, keeps its actions in view, and closes the confirm after a rollback', async () => {
    await addTarget(demo.folder, { id: 'edge', name: 'Edge', platform: 'fly', platformConfig: {} });
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: demo.folder, encoding: 'utf8' }).trim();
    const { deployments } = deployRecords(f.workspace);
    const base = { projectId: demo.id, targetId: 'edge', commit, version: '0.1.0' };
    const older = deployments.start({ ...base, startedAt: '2026-01-01T00:00:00.000Z' });
    deployments.finish(older.id, { status: 'success', durationMs: 1200, logs: 'ok' });
    const newer = deployments.start({ ...base, startedAt: '2026-01-02T00:00:00.000Z' });
    deployments.finish(newer.id, { status: 'success', durationMs: 1300, logs: 'ok' });
    const words =
      'flyctl deploy failed: Error: failed to fetch an image or build from source /app/very/long/path ';
    const message = words.repeat(30).slice(0, 2000);
    const failed = deployments.start({ ...base, startedAt: '2026-01-03T00:00:00.000Z' });
    deployments.finish(failed.id, { status: 'failed', durationMs: 900, logs: 'x', error: message });

    for (const width of [1440, 800]) {
      const { context, page } = await open(width);
      await page.goto(`${f.studio.origin}/#/projects/${demo.id}`);
      const table = page.locator('[data-testid="deployment-history"]');
      await table.waitFor();
      const scroller = table.locator('..');
      const frame = await box(scroller);
      const inView = async (l: Locator) => {
        const b = await box(l);
        expect(b.x).toBeGreaterThanOrEqual(frame.x);
        expect(b.x + b.width).toBeLessThanOrEqual(frame.x + frame.width + 0.5);
      };
      const noSideScroll = async () =>
        expect(await scroller.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      await noSideScroll();
      const failedRow = page.locator(`[data-deployment="${failed.id}"]`);
      const reason = failedRow.locator('[data-testid="failure-reason"]');
      // Two lines until "more" shows the rest, which wraps inside the table.
      expect((await box(reason.locator('p'))).height).toBeLessThan(40);
      await inView(failedRow.getByRole('button', { name: 'Logs' }));
      await reason.getByRole('button', { name: 'more' }).click();
      expect((await box(reason.locator('p'))).height).toBeGreaterThan(80);
      expect(await reason.locator('p').textContent()).toBe(message);
      await noSideScroll();
      await inView(failedRow.getByRole('button', { name: 'Logs' }));
      const olderRow = page.locator(`[data-deployment="${older.id}"]`);
      await inView(olderRow.getByRole('button', { name: 'Roll back' }));
      await olderRow.getByRole('button', { name: 'Roll back' }).click();
      const confirm = olderRow.locator('[data-testid="rollback-confirm"]');
      await inView(confirm.getByRole('button', { name: 'Roll back' }));
      await inView(confirm.getByRole('button', { name: 'Cancel' }));
      await noSideScroll();
      await page.screenshot({ path: path.join(ARTIFACTS, `layout-history-${width}.png`), fullPage: true });
      if (width === 1440) {
        await confirm.getByRole('button', { name: 'Cancel' }).click();
      } else {
        // The rollback runs for real (here it ends quickly: no flyctl on this machine) and the confirm closes.
        await confirm.getByRole('button', { name: 'Roll back' }).click();
        // While it runs, the row says so instead of asking again.
        const dialog = page.locator('[data-testid="deploy-dialog"]');
        await dialog
          .locator('[data-testid="run-log"]:not([data-state="running"])')
          .waitFor({ timeout: 60_000 });
        await dialog.getByRole('button', { name: 'Close' }).last().click();
        await confirm.waitFor({ state: 'detached' });
        await olderRow.getByRole('button', { name: 'Roll back' }).waitFor();
        await page.screenshot({ path: path.join(ARTIFACTS, 'layout-history-after-rollback-800.png') });
      }
      await context.close();
    }
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
