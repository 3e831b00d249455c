import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium, resizeTo } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

const present = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

describe('removing a project from the studio (Chromium)', () => {
  let f: StudioFixture;
  let browser: Browser;
  let page: Page;
  let doomed: { id: string; folder: string };
  let kept: { id: string; folder: string };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    doomed = await f.demo('doomed-demo');
    kept = await f.demo('kept-demo');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(f.studio.url);
    await page.locator('[data-testid="project-card"]').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  const card = (id: string) => page.locator(`[data-testid="project-card"][data-project-id="${id}"]`);

  it('Escape closes the dialog; Delete stays disabled until the exact name is typed', async () => {
    await card(doomed.id).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Remove project' }).click();
    const dialog = page.getByTestId('remove-project-dialog');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Remove project' }).click();
    const del = dialog.getByRole('button', { name: 'Delete the folder' });
    expect(await del.isDisabled()).toBe(true);
    await dialog.locator('#remove-confirm-name').fill('doomed-dem');
    expect(await del.isDisabled()).toBe(true);
    await dialog.locator('#remove-confirm-name').fill('doomed-demo');
    expect(await del.isEnabled()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'remove-project-1440.png') });
    await resizeTo(page, 800);
    await page.screenshot({ path: path.join(ARTIFACTS, 'remove-project-800.png') });
    await resizeTo(page, 1440);

    await del.click();
    await page.getByRole('heading', { name: 'Projects' }).first().waitFor();
    await card(kept.id).waitFor();
    await expect.poll(() => card(doomed.id).count()).toBe(0);
    expect(await present(doomed.folder)).toBe(false);
    expect(f.workspace.registry.find(doomed.id)).toBeUndefined();
  });

  it('Unregister only keeps the folder', async () => {
    await card(kept.id).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Remove project' }).click();
    await page.getByRole('button', { name: 'Unregister only (keep the folder)' }).click();
    await page.getByRole('heading', { name: 'Projects' }).first().waitFor();
    await expect.poll(() => card(kept.id).count()).toBe(0);
    expect(await present(kept.folder)).toBe(true);
    expect(f.workspace.registry.find(kept.id)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });
});
