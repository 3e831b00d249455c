import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { openStudioPage, shotAtWidths } from './support/page-shots.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

/** Opening the workflow editor asks the server for each thing once. */
describe('opening the editor, in Chromium', () => {
  let f: StudioFixture;
  let browser: Browser;
  let page: Page;
  let demo: { id: string; folder: string };

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    demo = await f.demo('opening');
    ({ browser, page } = await openStudioPage(f.studio.url));
  });
  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('asks for each thing once (one model load), and still follows a change made elsewhere', async () => {
    const requests: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith(`/api/projects/${demo.id}`)) requests.push(`${r.method()} ${url.pathname}`);
    });
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/workflows/wf_main`);
    await page.locator('[data-testid="editor"]').waitFor();
    await page.locator('.react-flow__node[data-id="process"]').waitFor();
    await page.waitForLoadState('networkidle');
    await shotAtWidths(page, 'editor-open');
    const model = `GET /api/projects/${demo.id}/model`;
    expect(requests).toContain(model);
    expect(requests.filter((r) => r === model)).toHaveLength(1);
    // Nothing else the page opens with is asked twice either (the Run's warm-up among them).
    expect(new Set(requests).size, requests.join('\n')).toBe(requests.length);

    // Another tab adds a workflow: the live event reloads the project, and the editor its model.
    const created = await f.call('POST', `/api/projects/${demo.id}/workflows`, {
      name: 'Added elsewhere',
      visibility: 'internal',
    });
    expect(created.status).toBe(201);
    await expect.poll(() => requests.filter((r) => r === model).length, { timeout: 20_000 }).toBe(2);
  });
});
