import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NAP_NODE } from '../fixtures/nap-workflow.js';
import { RunStudio } from '../fixtures/run-studio.js';
import { node } from '../model/fixtures.js';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, frames, launchChromium, resizeTo } from './support/browser.js';
import { SHOTS, shotAtWidths } from './support/page-shots.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

/** Small studio defects found on the day: side panels on resize, one project list per load. */
describe('studio polish, in Chromium', () => {
  let f: StudioFixture;
  let browser: Browser;
  let demo: { id: string; folder: string };

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    demo = await f.demo('polish');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  async function editorAt(width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto(f.studio.url);
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/workflows/wf_main`);
    await page.locator('.react-flow__node[data-id="process"]').waitFor();
    return page;
  }
  const panels = async (page: Page) => ({
    palette: await page.locator('[data-testid="palette"]').getAttribute('data-open'),
    inspector: await page.locator('[data-testid="inspector"]:not([hidden])').getAttribute('data-open'),
  });

  it('collapses the palette and inspector when the window is narrowed, and opens them again when widened', async () => {
    const page = await editorAt(1440);
    expect(await panels(page)).toEqual({ palette: 'true', inspector: 'true' });
    await resizeTo(page, 800);
    await expect.poll(() => panels(page)).toEqual({ palette: 'false', inspector: 'false' });
    const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
    expect(canvas?.width).toBeGreaterThanOrEqual(0.6 * 800);
    await page.screenshot({ path: `${SHOTS}/editor-narrowed-800.png` });

    // A choice made while narrow is kept for narrow windows: open the inspector, widen, narrow again.
    await page.getByRole('button', { name: 'Show inspector' }).click();
    expect(await panels(page)).toEqual({ palette: 'false', inspector: 'true' });
    await resizeTo(page, 1440);
    await expect.poll(() => panels(page)).toEqual({ palette: 'true', inspector: 'true' });
    await page.screenshot({ path: `${SHOTS}/editor-widened-1440.png` });
    await resizeTo(page, 800);
    await expect.poll(() => panels(page)).toEqual({ palette: 'false', inspector: 'true' });
    // … and survives a reload.
    await page.reload();
    await page.locator('.react-flow__node[data-id="process"]').waitFor();
    expect(await panels(page)).toEqual({ palette: 'false', inspector: 'true' });
    await page.context().close();
  }, 120_000);

  it('keeps the whole workflow in view when the canvas narrows, until the user moves the view', async () => {
    const page = await editorAt(1440);
    const allInside = async () => {
      const canvas = (await page.locator('[data-testid="canvas"] .react-flow').boundingBox())!;
      const boxes = await Promise.all(
        (await page.locator('.react-flow__node').all()).map((n) => n.boundingBox()),
      );
      return boxes.every(
        (b) =>
          b !== null &&
          b.x >= canvas.x - 1 &&
          b.y >= canvas.y - 1 &&
          b.x + b.width <= canvas.x + canvas.width + 1 &&
          b.y + b.height <= canvas.y + canvas.height + 1,
      );
    };
    expect(await allInside()).toBe(true);
    await resizeTo(page, 800);
    await expect.poll(() => panels(page)).toEqual({ palette: 'false', inspector: 'false' });
    await expect.poll(allInside).toBe(true);
    await page.screenshot({ path: `${SHOTS}/editor-narrowed-fitted-800.png` });
    // Opening the inspector narrows the canvas again: still all in view.
    await page.getByRole('button', { name: 'Show inspector' }).click();
    await expect.poll(allInside).toBe(true);
    await page.screenshot({ path: `${SHOTS}/editor-narrowed-inspector-800.png` });

    // The user pans: from then on their view is theirs, whatever the window does.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height - 40);
    await page.mouse.down();
    await page.mouse.move(pane.x + pane.width / 2 + 150, pane.y + pane.height - 20, { steps: 5 });
    await page.mouse.up();
    const viewport = () => page.locator('.react-flow__viewport').getAttribute('style');
    const panned = await viewport();
    await resizeTo(page, 1200);
    await expect.poll(() => panels(page)).toEqual({ palette: 'true', inspector: 'true' });
    // A refit would land a few frames after the resize (the canvas's new size, then a frame to
    // fit in): counted in the page's frames, not in time, so a slow machine still looks late enough.
    await frames(page, 10);
    expect(await viewport()).toBe(panned);
    await page.context().close();
  }, 120_000);

  it('asks for the project list once per page load', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const lists: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/projects') lists.push(`${r.method()} ${url.pathname}${url.search}`);
    });
    for (const route of ['', `#/projects/${demo.id}/workflows/wf_main`]) {
      lists.length = 0;
      await page.goto(`${f.studio.url}${route}`);
      await page.getByRole('banner').waitFor();
      await page.waitForLoadState('networkidle');
      // The dashboard asks for its first page; with under twelve projects that is the whole list.
      expect(lists).toEqual([route === '' ? 'GET /api/projects?limit=12' : 'GET /api/projects']);
      await shotAtWidths(page, route === '' ? 'polish-dashboard' : 'polish-editor');
    }
    await context.close();
  }, 120_000);
});

/** The run panel: counts read right, and a run with no answer offers nothing to save. */
describe('run panel polish, in Chromium', () => {
  let s: RunStudio;
  let browser: Browser;
  let page: Page;
  let sleeper: string;
  let raiser: string;
  let typed: string;

  beforeAll(async () => {
    await ensureWebBuilt();
    s = await RunStudio.create(
      'run-polish-page',
      { ...process.env, CATALYST_RUN_TIMEOUT: '3' },
      { webRoot: WEB_ROOT },
    );
    sleeper = await s.addWorkflow('Sleeper', { nap: NAP_NODE });
    raiser = await s.addWorkflow('Raiser', {
      boom: node('boom', 'code', { code: 'raise ValueError("boom")' }),
    });
    typed = await s.addWorkflow('Typed', { echo: node('echo', 'code', { code: 'return input' }) });
    const got = await s.call('GET', `${s.workflows}/${typed}`);
    const workflow = {
      ...got.body.workflow,
      inputSchema: { type: 'object', required: ['n'], properties: {} },
    };
    const saved = await s.call('PUT', `${s.workflows}/${typed}`, workflow);
    if (saved.status !== 200) throw new Error(saved.text);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(60_000);
    page = await context.newPage();
    await page.goto(s.studio.url);
  });
  afterEach(async (ctx) => {
    // A failing step leaves a picture of what the page showed (once, the editor did not open in 60 s).
    if (ctx.task.result?.state === 'fail') {
      const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await page.screenshot({ path: path.join(ARTIFACTS, `failed-run-polish-${name}.png`) }).catch(() => {});
    }
  });
  afterAll(async () => {
    await browser?.close();
    await s?.dispose();
  });

  /** Shots at 1440 and 800 px; at 800 px the panels are collapsed, so one more with the inspector open. */
  async function shots(name: string) {
    await shotAtWidths(page, name);
    await resizeTo(page, 800);
    await page.getByRole('button', { name: 'Show inspector' }).click();
    // The canvas refits a frame after it narrows: shoot what the user sees once it has.
    await frames(page, 2);
    await page.screenshot({ path: `${SHOTS}/${name}-800-inspector.png` });
    await page.getByRole('button', { name: 'Hide inspector' }).click();
    await resizeTo(page, 1440);
  }

  async function runOnce(workflowId: string, expectedRuns: number) {
    await page.goto(`${s.studio.origin}/#/projects/${s.projectId}/workflows/${workflowId}`);
    await page.locator('[data-testid="editor"]').waitFor();
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('button', { name: /^(Save and run|Run)$/ }).click();
    await expect
      .poll(() => page.locator('[data-testid="run-history"] option').count(), { timeout: 60_000 })
      .toBe(expectedRuns);
    await page.locator('[data-testid="run-result"]').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Run', exact: true }).isEnabled()).toBe(true);
  }

  const answer = () => page.locator('[data-testid="run-answer"]').textContent();

  it('a run stopped at the time limit cannot be saved as an example, and says why; the history counts 1 run', async () => {
    await runOnce(sleeper, 1);
    expect(await answer()).toBe('no answer (stopped)');
    expect(await page.getByText('1 run so far.').isVisible()).toBe(true);
    expect(await page.getByText(/1 runs/).count()).toBe(0);
    const save = page.locator('[data-testid="save-as-example"]');
    expect(await save.isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="save-as-example-why"]').textContent()).toContain(
      "stopped before the workflow answered (at the studio's time limit)",
    );
    await shots('run-timeout-no-example');

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect
      .poll(() => page.locator('[data-testid="run-history"] option').count(), { timeout: 60_000 })
      .toBe(2);
    await expect.poll(() => page.getByText('The last 2 runs, newest first.').isVisible()).toBe(true);
  }, 180_000);

  it('a run that failed inside the workflow still saves as an example expecting its 500', async () => {
    await runOnce(raiser, 1);
    expect(await page.locator('[data-testid="run-result"]').getAttribute('data-status')).toBe('error');
    expect(await answer()).toBe('answered 500');
    const save = page.locator('[data-testid="save-as-example"]');
    expect(await save.isEnabled()).toBe(true);
    expect(await page.locator('[data-testid="save-as-example-why"]').count()).toBe(0);
    await save.click();
    expect(await page.getByText('Expects a 500 (the run failed) for this input.').isVisible()).toBe(true);
    await shots('run-failed-example');
  }, 180_000);

  it('a run whose input the schema refuses saves as an example expecting its 400', async () => {
    await runOnce(typed, 1); // the test input starts as {}: no "n"
    expect(await answer()).toBe('answered 400');
    const save = page.locator('[data-testid="save-as-example"]');
    expect(await save.isEnabled()).toBe(true);
    expect(await page.locator('[data-testid="save-as-example-why"]').count()).toBe(0);
    await save.click();
    expect(
      await page
        .getByText('Expects a 400 (the input does not match the input schema) for this input.')
        .isVisible(),
    ).toBe(true);
    await page.locator('[data-testid="save-example"]').click();
    await expect
      .poll(async () => (await s.call('GET', `${s.workflows}/${typed}`)).body.workflow.examples, {
        timeout: 30_000,
      })
      .toEqual([{ name: 'example 1', input: {}, expect: { status: 400 } }]);
    await shots('run-refused-example');
  }, 180_000);
});
