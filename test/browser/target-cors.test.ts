import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

/** The studio's "Allowed origins (CORS)" field of a deployment target (issue 13 item 5). */
describe('target CORS origins in the studio, in Chromium', () => {
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

  it('adds a target with origins (a path is refused at the field), shows them, and clears them', async () => {
    const demo = await f.demo();
    const manifest = async () => JSON.parse(await readFile(path.join(demo.folder, 'catalyst.json'), 'utf8'));
    await page.goto(f.studio.url);
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/settings/targets`);
    await page.getByRole('button', { name: 'Add target' }).click();
    await page.locator('#target-id').fill('web');
    await page.locator('#target-name').fill('Web');
    const origins = page.locator('#target-allowOrigins');
    await origins.fill('https://app.example.com/, http://localhost:5173');
    await page.getByRole('button', { name: 'Add target' }).click();
    const error = page.locator('[data-field-error="target-allowOrigins"]');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      'Origin "https://app.example.com/" has a path: browsers send only scheme://host[:port], so write https://app.example.com',
    );
    expect((await manifest()).deploymentTargets.web).toBeUndefined();

    await origins.fill('https://app.example.com, http://localhost:5173');
    await page.getByRole('button', { name: 'Add target' }).click();
    const row = page.locator('[data-testid="target-row"][data-target="web"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('CORS https://app.example.com, http://localhost:5173');
    expect((await manifest()).deploymentTargets.web.cors).toEqual({
      allowOrigins: ['https://app.example.com', 'http://localhost:5173'],
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'studio-target-cors.png') });

    await page.getByRole('button', { name: 'Edit web' }).click();
    expect(await origins.inputValue()).toBe('https://app.example.com, http://localhost:5173');
    await origins.fill('');
    await page.getByRole('button', { name: 'Save target' }).click();
    await row.waitFor();
    await expect.poll(async () => (await row.textContent())?.includes('CORS')).toBe(false);
    expect((await manifest()).deploymentTargets.web).not.toHaveProperty('cors');
  });
});
