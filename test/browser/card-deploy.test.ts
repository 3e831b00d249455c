import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium, resizeTo } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

describe('Deploy button on a dashboard card (Chromium)', () => {
  let f: StudioFixture;
  let browser: Browser;
  let page: Page;
  let demo: { id: string; folder: string };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    demo = await f.demo('card-deploy-demo');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it("opens the deploy dialog on the card's project with its local target", async () => {
    await page.goto(f.studio.url);
    const card = page.locator(`[data-testid="project-card"][data-project-id="${demo.id}"]`);
    await card.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'card-deploy-dashboard-1440.png') });
    await card.getByRole('button', { name: 'Deploy card-deploy-demo' }).click();
    const dialog = page.getByTestId('deploy-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').first().textContent()).toContain('Deploy card-deploy-demo');
    const radios = dialog.locator('input[name="deploy-target"]');
    // The demo's targets, `local` first and picked; the others one click away.
    await expect
      .poll(() => radios.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)))
      .toEqual(['local', 'production']);
    expect(await dialog.locator('input[value="local"]').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Deploy', exact: true }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'card-deploy-dialog-1440.png') });

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await resizeTo(page, 800);
    await card.getByRole('button', { name: 'Deploy card-deploy-demo' }).click();
    await dialog.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'card-deploy-dialog-800.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'card-deploy-dashboard-800.png') });
    expect(pageErrors).toEqual([]);
  });
});
