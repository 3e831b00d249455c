import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

/** DESIGN §5 in the studio: a JSON-text field whose file holds an object (issue 11 item 13). */
describe('a JSON template field holding an object, in Chromium', () => {
  let f: StudioFixture;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('shows the object as its JSON text and saves an edit back as an object', async () => {
    const demo = await f.demo();
    const file = path.join(demo.folder, 'workflows/main_workflow.json');
    const main = JSON.parse(await readFile(file, 'utf8'));
    main.nodes.extract.config.input = { userId: '{{ input.user }}', tags: ['a'] };
    await writeFile(file, `${JSON.stringify(main, null, 2)}\n`);

    await page.goto(f.studio.url);
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/workflows/wf_main`);
    await page.locator('[data-testid="editor"]').waitFor();
    await page.locator('.react-flow__node[data-id="extract"] [data-testid="node-name"]').click();
    const input = page.locator('[data-testid="config-panel"][data-node-id="extract"] #cfg-input');
    await input.waitFor();
    expect(await input.inputValue()).toBe('{\n  "userId": "{{ input.user }}",\n  "tags": [\n    "a"\n  ]\n}');
    expect(await page.locator('[data-field-error="cfg-input"]').count()).toBe(0);

    const typed = '{"userId": "{{ input.user }}", "n": [1, "{{ input.n }}"]}';
    await input.fill(typed);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.nodes.extract.config.input).toEqual({ userId: '{{ input.user }}', n: [1, '{{ input.n }}'] });
    // What was typed stays as typed (not re-formatted under the cursor).
    expect(await input.inputValue()).toBe(typed);
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-json-field-object.png') });
  });
});
