import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium, resizeTo } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

/** Issue 16 (8): editor conveniences on the demo's main workflow, in Chromium. */
describe('editor conveniences in Chromium', () => {
  let f: StudioFixture;
  let browser: Browser;
  let page: Page;
  let demo: { id: string; folder: string };
  const pageErrors: string[] = [];

  const nodeCount = () => page.locator('.react-flow__node').count();
  const visibleTypes = () =>
    page
      .locator('[data-testid="palette-item"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-node-type')));
  const savedWorkflow = async () =>
    JSON.parse(await readFile(path.join(demo.folder, 'workflows/main_workflow.json'), 'utf8')) as {
      nodes: Record<string, { type: string }> | { id: string; type: string }[];
    };
  const shot = async (name: string) => {
    for (const width of [1440, 800]) {
      await resizeTo(page, width);
      await page.screenshot({ path: path.join(ARTIFACTS, `conveniences-${name}-${width}.png`) });
    }
    await resizeTo(page, 1440);
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    demo = await f.demo('conv');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(f.studio.url); // takes the token
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/workflows/wf_main`);
    await page.locator('[data-testid="editor"]').waitFor();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await page
        .screenshot({ path: path.join(ARTIFACTS, `failed-conveniences-${name}.png`) })
        .catch(() => {});
    }
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('draws every edge with an arrowhead, and the demo edges are long enough to read', async () => {
    await page.getByRole('button', { name: 'Fit View' }).click();
    const edges = page.locator('.react-flow__edge path.react-flow__edge-path');
    await expect.poll(() => edges.count()).toBe(2);
    const markers = await edges.evaluateAll((els) => els.map((e) => e.getAttribute('marker-end') ?? ''));
    for (const m of markers) expect(m).toMatch(/^url\(.*arrowclosed/);
    // Each marker reference resolves to a drawn <marker>.
    const ids = markers.map((m) => /url\(['"]?#([^'")]+)/.exec(m)?.[1] ?? m);
    for (const id of ids) expect(await page.locator(`marker[id="${id}"]`).count()).toBe(1);
    const box = async (id: string) =>
      (await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
    const [shape, extract, processNode] = [await box('shape'), await box('extract'), await box('process')];
    expect(extract.x - (shape.x + shape.width)).toBeGreaterThanOrEqual(80);
    expect(processNode.x - (extract.x + extract.width)).toBeGreaterThanOrEqual(80);
    await shot('arrows');
  });

  it('palette search filters node types, Enter adds the first match, Escape clears', async () => {
    // The palette is open on a wide window (a screenshot at 800 px folds it until the width is back).
    await page.locator('[data-testid="palette"][data-open="true"]').waitFor();
    const all = await visibleTypes();
    expect(all.length).toBeGreaterThan(3);
    const before = await nodeCount();
    const search = page.locator('[data-testid="palette-search"]');
    await search.fill('sql');
    await expect.poll(visibleTypes).toEqual(['postgresQuery']);
    await shot('palette-search');
    await search.fill('shape reply');
    await expect.poll(visibleTypes).toEqual(['response']);
    await search.fill('no such node');
    await expect.poll(visibleTypes).toEqual([]);
    await page.locator('[data-testid="palette-empty"]').waitFor();
    await search.fill('sql');
    await search.press('Enter');
    await expect.poll(nodeCount).toBe(before + 1);
    const panel = page.locator('[data-testid="config-panel"]');
    await panel.waitFor();
    const added = (await panel.getAttribute('data-node-id'))!;
    expect(added).toMatch(/^postgresQuery/);
    await search.press('Escape');
    expect(await search.inputValue()).toBe('');
    await expect.poll(visibleTypes).toEqual(all);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => JSON.stringify((await savedWorkflow()).nodes)).toContain(added);
    expect(pageErrors).toEqual([]);
  });

  it('copies, pastes and duplicates the selected nodes with their inner edges, one undo step each', async () => {
    const edgeCount = () => page.locator('.react-flow__edge').count();
    const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
    const ids = () =>
      page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    // The palette test's node sits on top of Extract data: take it away first.
    const pg = page.locator('.react-flow__node[data-id^="postgresQuery"]');
    if ((await pg.count()) > 0) {
      await pg.locator('[data-testid="node-name"]').click();
      await page.keyboard.press('Delete');
      await expect.poll(() => pg.count()).toBe(0);
    }
    await page.getByRole('button', { name: 'Fit View' }).click();
    const nodes0 = await nodeCount();
    const edges0 = await edgeCount();
    await node('shape').locator('[data-testid="node-name"]').click();
    await node('extract')
      .locator('[data-testid="node-name"]')
      .click({ modifiers: ['Control'] });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(2);
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(nodeCount).toBe(nodes0 + 2);
    await expect.poll(edgeCount).toBe(edges0 + 1);
    expect(await ids()).toEqual(expect.arrayContaining(['transform_1', 'workflowCall_1']));
    await page
      .locator('.react-flow__edge[data-id="e_transform_1_workflowCall_1"]')
      .waitFor({ state: 'attached' });
    await shot('pasted');
    // One undo step takes the whole paste away.
    await page.keyboard.press('Control+z');
    await expect.poll(nodeCount).toBe(nodes0);
    await expect.poll(edgeCount).toBe(edges0);
    // Not while typing: Ctrl+V in the palette search pastes text, not nodes.
    const search = page.locator('[data-testid="palette-search"]');
    await search.click();
    await page.keyboard.press('Control+v');
    await page.keyboard.press('Control+d');
    expect(await nodeCount()).toBe(nodes0);
    // Duplicate the two originals.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(0);
    await node('shape').locator('[data-testid="node-name"]').click();
    await node('extract')
      .locator('[data-testid="node-name"]')
      .click({ modifiers: ['Control'] });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(2);
    await page.keyboard.press('Control+d');
    await expect.poll(nodeCount).toBe(nodes0 + 2);
    await expect.poll(edgeCount).toBe(edges0 + 1);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => Object.keys((await savedWorkflow()).nodes)).toContain('workflowCall_1');
    const saved = (await savedWorkflow()) as unknown as {
      nodes: Record<string, { position: { x: number; y: number }; name: string }>;
      edges: { id: string; source: string; target: string }[];
    };
    expect(saved.nodes.transform_1!.position).toEqual({
      x: saved.nodes.shape!.position.x + 40,
      y: saved.nodes.shape!.position.y + 40,
    });
    expect(saved.nodes.workflowCall_1!.name).toBe('Extract data');
    expect(saved.edges).toContainEqual(
      expect.objectContaining({ source: 'transform_1', target: 'workflowCall_1' }),
    );
    expect(pageErrors).toEqual([]);
  });

  it('Shift + drag draws a selection box; Ctrl/Cmd+A selects every node', async () => {
    const selected = () =>
      page
        .locator('.react-flow__node.selected')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')).sort());
    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await expect.poll(selected).toEqual([]);
    const a = (await page.locator('.react-flow__node[data-id="shape"]').boundingBox())!;
    const b = (await page.locator('.react-flow__node[data-id="extract"]').boundingBox())!;
    await page.keyboard.down('Shift');
    await page.mouse.move(a.x - 10, a.y - 10);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, b.y, { steps: 5 });
    await page.mouse.move(b.x + b.width + 10, b.y + b.height + 10, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(selected).toEqual(['extract', 'shape']);
    await shot('box-select');

    // Not while typing: Ctrl+A in the search box selects its text, not the nodes.
    await page.locator('[data-testid="palette-search"]').click();
    await page.keyboard.press('Control+a');
    expect(await selected()).toEqual(['extract', 'shape']);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+a');
    const all = await page
      .locator('.react-flow__node')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')).sort());
    expect(all.length).toBeGreaterThan(3);
    await expect.poll(selected).toEqual(all);
    expect(pageErrors).toEqual([]);
  });

  it('Tidy up lays the graph out left to right in one undo step, and Save keeps it', async () => {
    const positions = () =>
      page
        .locator('.react-flow__node')
        .evaluateAll((els) =>
          Object.fromEntries(els.map((e) => [e.getAttribute('data-id'), (e as HTMLElement).style.transform])),
        );
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    const before = await positions();
    await page.getByRole('button', { name: 'Tidy up' }).click();
    await expect.poll(positions).not.toEqual(before);
    await shot('tidy-up');
    await page.keyboard.press('Control+z');
    await expect.poll(positions).toEqual(before);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(positions).not.toEqual(before);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });
    const saved = (await savedWorkflow()) as unknown as {
      nodes: Record<string, { position: { x: number; y: number } }>;
      edges: { source: string; target: string }[];
    };
    expect(saved.edges.length).toBeGreaterThan(2);
    for (const e of saved.edges) {
      // Left to right: each target at least a node width (240) plus the gap right of its source.
      expect(saved.nodes[e.target]!.position.x - saved.nodes[e.source]!.position.x).toBeGreaterThanOrEqual(
        240 + 80,
      );
    }
    expect(pageErrors).toEqual([]);
  });
});
