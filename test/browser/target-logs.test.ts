import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RuntimeFixture, startRuntimeFixture } from '../server/support/runtime-fixture.js';
import { ARTIFACTS, launchChromium, resizeTo } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

describe("a target's logs on the project page (Chromium, a real local deploy)", () => {
  let f: RuntimeFixture;
  let browser: Browser;
  let page: Page;
  let demo: { id: string; folder: string };
  let appUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startRuntimeFixture({ webRoot: WEB_ROOT });
    demo = await f.demo('logs-demo');
    const res = await f.call('POST', `/api/projects/${demo.id}/targets/local/deploy`, { runId: 'logs-run' });
    expect(res.status).toBe(200);
    appUrl = ((await res.json()) as { deployment: { url: string } }).deployment.url;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('shows the running app’s log and keeps reading it while open', async () => {
    await page.goto(f.studio.url); // takes the token into the session
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}`);
    await page.getByRole('button', { name: 'Show logs' }).click();
    const panel = page.getByTestId('target-logs');
    await panel.getByRole('tab', { name: 'Local' }).waitFor();
    expect(await panel.getByRole('tab', { name: 'Local' }).getAttribute('aria-selected')).toBe('true');
    await panel.getByRole('log').waitFor({ timeout: 30_000 });
    // A request made after the panel opened appears without touching the page: it polls.
    expect((await fetch(`${appUrl}/?probe=browser-logs-tab`)).status).toBe(200);
    await expect
      .poll(() => panel.getByRole('log').textContent(), { timeout: 20_000 })
      .toContain('browser-logs-tab');
    await panel.getByRole('log').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'target-logs-1440.png') });
    await resizeTo(page, 800);
    await panel.getByRole('log').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'target-logs-800.png') });
    await page.getByRole('button', { name: 'Hide logs' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });
});
