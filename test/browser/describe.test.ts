import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/model/load.js';
import { readProjectSource } from '../../src/store/project-folder.js';
import { type DraftStudio, greetAnswer, startDraftStudio } from '../draft/support/draft-studio.js';
import { type Scripted, type StandIn, startStandIn } from '../draft/support/llm-stand-in.js';
import { ARTIFACTS, launchChromium, resizeTo } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

const KEY = 'sk-browser-draft-key-31b7';
/** The stand-in's answers, read as requests come: a test may add its own before it drafts. */
const script: Scripted[] = [{ answer: greetAnswer() }];

/**
 * A pass-through to the stand-in that holds each request until the test opens the gate, so
 * the page can be looked at while the model is "thinking" (no clock involved).
 */
async function gatedProxy(
  target: string,
): Promise<{ url: string; open(): void; waiting(): number; close(): Promise<void> }> {
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let waiting = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', async () => {
      waiting++;
      await gate;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
      }
      const answer = await fetch(`${target}${req.url}`, { method: req.method ?? 'POST', headers, body: raw });
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
      });
      res.end(await answer.text());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    open: () => release(),
    waiting: () => waiting,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('the studio\'s "Describe" box in Chromium', () => {
  let api: StandIn;
  let proxy: Awaited<ReturnType<typeof gatedProxy>>;
  let s: DraftStudio;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    api = await startStandIn({ key: KEY, script });
    proxy = await gatedProxy(api.url);
    s = await startDraftStudio({ CATALYST_LLM_BASE_URL: proxy.url, ANTHROPIC_API_KEY: KEY }, WEB_ROOT);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await page.screenshot({ path: path.join(ARTIFACTS, `failed-describe-${name}.png`) }).catch(() => {});
    }
  });

  afterAll(async () => {
    await browser?.close();
    await s?.close();
    proxy?.open();
    await proxy?.close();
    await api?.close();
  });

  it('Describe → live stages → the draft on the canvas → Accept → the saved workflow in the editor and on disk', async () => {
    await page.goto(s.studio.url);
    await page.goto(`${s.studio.origin}/#/projects/${s.project.id}`);
    const box = page.locator('[data-testid="describe-box"]');
    await box
      .locator('[data-testid="describe-prompt"]')
      .fill('A public webhook that greets a customer by name');
    await box.locator('[data-testid="describe-target"]').selectOption('local');
    await box.locator('[data-testid="describe-submit"]').click();

    // While the model "thinks": context is done (with its time), the request to the model runs.
    await box.locator('[data-testid="draft-stage"][data-stage="context"][data-status="completed"]').waitFor();
    await box.locator('[data-testid="draft-stage"][data-stage="draft"][data-status="running"]').waitFor();
    expect(await box.locator('[data-stage="context"]').textContent()).toMatch(
      /Read the project\s*\d+(\.\d)? m?s/,
    );
    await expect.poll(() => proxy.waiting()).toBe(1);
    await box.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'describe-drafting-1440.png') });
    await resizeTo(page, 800);
    await box.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'describe-drafting-800.png') });
    await resizeTo(page, 1440);

    proxy.open();
    const review = page.getByRole('dialog', { name: 'Draft from your description' });
    await review.waitFor();
    await expect.poll(() => review.locator('[data-testid="canvas-node"]').count()).toBe(2);
    expect(await review.locator('[data-testid="draft-banner"]').textContent()).toContain('greet_customer');
    expect(await review.locator('[data-testid="draft-notes"]').textContent()).toBe(
      'POST {"name": "Ada"} to /api/greet.',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'describe-review-1440.png') });
    await resizeTo(page, 800);
    await page.screenshot({ path: path.join(ARTIFACTS, 'describe-review-800.png') });
    await resizeTo(page, 1440);
    // Nothing is on disk before Accept.
    await expect(
      readFile(path.join(s.project.folder, 'workflows/greet_customer.json'), 'utf8'),
    ).rejects.toThrow();

    await review.locator('[data-testid="draft-accept"]').click();
    await page.locator('[data-testid="editor-title"]', { hasText: 'greet_customer' }).waitFor();
    expect(await page.locator('[data-testid="draft-review"]').count()).toBe(0);
    expect(await page.locator('[data-testid="unsaved"]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="canvas"] .react-flow__node').count()).toBe(2);
    const written = JSON.parse(
      await readFile(path.join(s.project.folder, 'workflows/greet_customer.json'), 'utf8'),
    );
    expect(written).toMatchObject({ id: 'wf_greet', name: 'greet_customer', deploymentTargetId: 'local' });
    const { problems } = loadProject(await readProjectSource(s.project.folder));
    expect(problems).toEqual([]);
    expect(api.refused).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('without a key the box shows the one line naming the variable, and nothing is drafted', async () => {
    const bare = await startDraftStudio({ CATALYST_LLM_BASE_URL: api.url }, WEB_ROOT);
    try {
      const before = api.requests.length;
      const p = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await p.goto(bare.studio.url);
      await p.goto(`${bare.studio.origin}/#/projects/${bare.project.id}`);
      const box = p.locator('[data-testid="describe-box"]');
      await box.locator('[data-testid="describe-prompt"]').fill('Greet a customer');
      await box.locator('[data-testid="describe-submit"]').click();
      const error = box.locator('[data-testid="draft-error"]');
      await error.waitFor();
      expect(await error.textContent()).toBe(
        'No API key for anthropic: set ANTHROPIC_API_KEY in the environment (or store it with `catalyst secret set ANTHROPIC_API_KEY`).',
      );
      // The rest of the page still works.
      expect(await p.getByRole('heading', { name: 'shop', level: 1 }).count()).toBe(1);
      expect(api.requests.length).toBe(before);
      await p.close();
    } finally {
      await bare.close();
    }
  });

  it('the editor\'s "Describe a change" shows the diff on the draft canvas; Discard leaves the file as it was', async () => {
    const file = path.join(s.project.folder, 'workflows/extract_data.json');
    const before = await readFile(file, 'utf8');
    const changed = JSON.parse(before);
    changed.nodes.pick.config.fields.orderCount = '{{ len(input.orders) }}';
    script.push({ answer: { workflow: changed, notes: 'Adds orderCount.' } });
    await page.goto(`${s.studio.origin}/#/projects/${s.project.id}/workflows/wf_extract`);
    await page.locator('[data-testid="editor-title"]', { hasText: 'extract_data' }).waitFor();
    await page.locator('[data-testid="describe-change"]').click();
    const box = page.locator('[data-testid="describe-box"]');
    await box.locator('[data-testid="describe-prompt"]').fill('Also count the orders');
    await box.locator('[data-testid="describe-submit"]').click();
    const review = page.getByRole('dialog', { name: 'Draft from your description' });
    await review.waitFor();
    expect(await review.locator('[data-testid="draft-banner"]').textContent()).toContain(
      'a change to extract_data',
    );
    expect(await review.locator('[data-testid="draft-diff"]').textContent()).toContain(
      '+          "orderCount": "{{ len(input.orders) }}"',
    );
    await review.locator('[data-testid="draft-discard"]').click();
    await review.waitFor({ state: 'detached' });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(pageErrors).toEqual([]);
  });
});
