import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addTarget, createProject } from '../../src/store/project-store.js';
import { type RuntimeFixture, startRuntimeFixture } from '../server/support/runtime-fixture.js';
import { type StandInApp, startStandInApp } from '../server/support/stand-in-app.js';
import { ARTIFACTS, launchChromium, resizeTo } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

describe('deploy and health in Chromium', () => {
  let f: RuntimeFixture;
  let browser: Browser;
  let page: Page;
  let standIn: StandInApp;
  let storefront: string;
  let demo: { id: string; folder: string };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    standIn = await startStandInApp();
    // A short interval (the workspace minimum is 5 s; the override keeps the test quick).
    f = await startRuntimeFixture({ webRoot: WEB_ROOT, monitor: { intervalMs: 400, timeoutMs: 1_000 } });
    // A project deployed outside Catalyst: its target's URL in catalyst.json is the stand-in.
    const created = await createProject(
      path.join(f.home, 'projects', 'storefront'),
      { name: 'storefront', description: 'Shop front answering from a server we can stop' },
      { workspace: f.workspace },
    );
    storefront = created.manifest.id;
    await addTarget(created.dir, {
      id: 'edge',
      name: 'Edge',
      platform: 'fly',
      url: standIn.url,
      platformConfig: {},
    });
    demo = await f.demo('demo');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await page.screenshot({
        path: path.join(ARTIFACTS, `deploy-health-failure-${ctx.task.name.slice(0, 40)}.png`),
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
    await standIn?.close();
  });

  it('changes a dashboard card colour live when its app goes down and comes back', async () => {
    await page.goto(f.studio.url);
    const card = page.locator(`[data-testid="project-card"][data-project-id="${storefront}"]`);
    await card.locator('[data-health="healthy"]').first().waitFor({ timeout: 15_000 });
    expect(await card.getAttribute('data-health')).toBe('healthy');
    expect(await card.textContent()).toContain('100.0%');
    // Marks this document: a reload would lose it.
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });

    await standIn.down();
    await page.waitForSelector(`[data-project-id="${storefront}"][data-health="down"]`, { timeout: 15_000 });
    expect(await card.locator('[data-health="down"]').textContent()).toBe('Down');
    const edge = (await card.evaluate((el) => getComputedStyle(el).borderTopColor)) as string;
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-health.png') });

    await standIn.up();
    await page.waitForSelector(`[data-project-id="${storefront}"][data-health="healthy"]`, {
      timeout: 15_000,
    });
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    // The colour is the card's own edge, not only the badge.
    expect(await card.evaluate((el) => getComputedStyle(el).borderTopColor)).not.toBe(edge);
    expect(pageErrors).toEqual([]);
  });

  it('deploys from the Deploy button with live logs, and the history row appears', async () => {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}`);
    await page.getByRole('heading', { name: 'demo', level: 1 }).waitFor();
    await page.getByText('No deployments yet').waitFor();
    await page.getByRole('button', { name: 'Deploy' }).click();
    const dialog = page.locator('[data-testid="deploy-dialog"]');
    await dialog.getByText('Uncommitted changes are committed first').waitFor();
    await dialog.getByLabel(/Local/).check();
    await dialog.getByRole('button', { name: 'Deploy' }).click();
    // Lines arrive while the deploy runs, before it ends.
    await dialog.getByText('Waiting for http://127.0.0.1:').waitFor({ timeout: 20_000 });
    await dialog.locator('[data-testid="run-log"][data-state="success"]').waitFor({ timeout: 60_000 });
    // The API's answer can end the run before the live stream has brought its last log line.
    const deployed = /^Deployed local at [0-9a-f]{7} in [\d.]+s: http:\/\/127\.0\.0\.1:\d+$/;
    await dialog.locator('[data-testid="log-line"]', { hasText: deployed }).waitFor();
    const lines = await dialog.locator('[data-testid="log-line"]').allTextContents();
    expect(lines[0]).toMatch(/^Deploying local \(docker\) at [0-9a-f]{7} as dep_[0-9a-f]{12}$/);
    expect(lines.at(-1)).toMatch(deployed);
    expect(await dialog.locator('[data-testid="run-state"]').textContent()).toBe('Succeeded');
    await page.screenshot({ path: path.join(ARTIFACTS, 'deploy-dialog.png') });
    await dialog.getByRole('button', { name: 'Close' }).last().click();

    const row = page.locator('[data-testid="deployment-row"]');
    // A reload of the project while the deploy ran (its commit is a change) may show the row
    // running until the reload after its end arrives.
    await page.locator('[data-testid="deployment-row"]:not([data-status="running"])').first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().getAttribute('data-status')).toBe('success');
    const text = (await row.first().textContent()) ?? '';
    expect(text).toContain('Success');
    expect(text).toContain('v0.1.0');
    expect(text).toContain('just now');
    const runtime = page.locator('[data-testid="target-runtime"][data-target="local"]');
    await runtime.locator('[data-runtime-status="deployed"]').waitFor();
  });

  it('shows the health panel of the deployed app with charts and the status change', async () => {
    const panel = page.locator('[data-testid="health-panel"]');
    await panel.waitFor();
    expect(await panel.getAttribute('data-target')).toBe('local');
    await page.getByRole('button', { name: '1h', exact: true }).click();
    await panel.locator('[data-testid="status-changes"] li').first().waitFor({ timeout: 15_000 });
    expect(await panel.locator('[data-testid="status-changes"] li').first().textContent()).toContain(
      'Healthy',
    );
    // recharts drew the measured points: a dot or a curve per chart.
    await panel
      .locator(
        '[data-testid="response-chart"] .recharts-line-dot, [data-testid="response-chart"] path.recharts-curve',
      )
      .first()
      .waitFor();
    await panel
      .locator(
        '[data-testid="uptime-chart"] path.recharts-curve, [data-testid="uptime-chart"] .recharts-area-dot',
      )
      .first()
      .waitFor();
    expect(await panel.textContent()).toContain('100.00%');
    await panel.scrollIntoViewIfNeeded();
    // No tooltip in the picture: the pointer leaves the charts.
    await page.mouse.move(1, 1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'detail-health.png') });
  });

  it('rolls back to the earlier deployment from its history row, after a confirmation', async () => {
    const manifestPath = path.join(demo.folder, 'catalyst.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    await writeFile(manifestPath, `${JSON.stringify({ ...manifest, version: '0.2.0' }, null, 2)}\n`);
    await page.getByRole('button', { name: 'Deploy' }).click();
    const dialog = page.locator('[data-testid="deploy-dialog"]');
    await dialog.getByRole('button', { name: 'Deploy' }).click();
    await dialog.locator('[data-testid="run-log"][data-state="success"]').waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    const rows = page.locator('[data-testid="deployment-row"]');
    // Two rows, neither running (a reload while the deploy ran may have shown the new one running).
    const settledRows = (n: number) =>
      page.waitForFunction((count) => {
        const statuses = [...document.querySelectorAll('[data-testid="deployment-row"]')].map((e) =>
          e.getAttribute('data-status'),
        );
        return statuses.length === count && !statuses.includes('running');
      }, n);
    await settledRows(2);
    // The live one has no rollback; the earlier success has.
    expect(await rows.nth(0).getByRole('button', { name: 'Roll back' }).count()).toBe(0);
    const earlier = rows.nth(1);
    const earlierId = await earlier.getAttribute('data-deployment');
    await earlier.getByRole('button', { name: 'Roll back' }).click();
    await earlier.getByText(/^Redeploy [0-9a-f]{7}\?$/).waitFor();
    await earlier.getByRole('button', { name: 'Roll back' }).click();
    await dialog
      .getByText(new RegExp(`^Rolling back local \\(docker\\) to [0-9a-f]{7} \\(deployment ${earlierId}\\)`))
      .waitFor({
        timeout: 20_000,
      });
    await dialog.locator('[data-testid="run-log"][data-state="success"]').waitFor({ timeout: 60_000 });
    expect(await dialog.getByRole('heading').textContent()).toMatch(/^Rolling back Local to [0-9a-f]{7}$/);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await settledRows(3);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual([
      'success',
      'rolled-back',
      'success',
    ]);
    expect(await rows.nth(0).textContent()).toContain(`rollback to ${earlierId}`);
    await rows.nth(0).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'deploy-history.png') });
    // A past deployment's stored log opens in the same dialog.
    await rows.nth(2).getByRole('button', { name: 'Logs' }).click();
    await dialog.getByText(/^Deploying local \(docker\) at [0-9a-f]{7} as /).waitFor();
    expect(await dialog.getByRole('heading').textContent()).toMatch(
      /^Deployment of v0\.1\.0 \([0-9a-f]{7}\) to local$/,
    );
    await dialog.getByRole('button', { name: 'Close' }).last().click();
  });

  it('stops the local app from the targets card after a confirmation; it turns grey "stopped" with no live link', async () => {
    const runtime = page.locator('[data-testid="target-runtime"][data-target="local"]');
    const url = (await runtime.locator('a[href^="http://127.0.0.1:"]').getAttribute('href')) ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const confirm = runtime.locator('[data-testid="stop-confirm"]');

    // Escape backs out: nothing stops.
    await runtime.getByRole('button', { name: 'Stop' }).click();
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(`Stop Local? The app at ${url} stops answering.`);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await runtime.locator('[data-runtime-status]').getAttribute('data-runtime-status')).toBe(
      'deployed',
    );
    expect((await fetch(`${url}/health`)).status).toBe(200);

    // Cancel too.
    await runtime.getByRole('button', { name: 'Stop' }).click();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });

    await runtime.getByRole('button', { name: 'Stop' }).click();
    for (const width of [1440, 800]) {
      await resizeTo(page, width);
      await confirm.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `stop-confirm-${width}.png`) });
    }
    await confirm.getByRole('button', { name: 'Stop' }).click();
    const dialog = page.locator('[data-testid="deploy-dialog"]');
    await dialog.locator('[data-testid="run-log"][data-state="success"]').waitFor({ timeout: 20_000 });
    // The API's answer can end the run before the live stream has brought its log line.
    await dialog.locator('[data-testid="log-line"]').first().waitFor();
    expect(await dialog.locator('[data-testid="log-line"]').allTextContents()).toEqual(['Stopped local']);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await runtime.locator('[data-runtime-status="stopped"]').waitFor();
    await runtime.getByRole('button', { name: 'Restart' }).waitFor();

    // Grey "stopped" on the page header, the status and the health panel; no link to the dead URL.
    await page.locator('h1 + span [data-health="stopped"]').waitFor();
    expect(await page.locator('h1 + span [data-health="stopped"]').textContent()).toBe('Stopped');
    const panel = page.locator('[data-testid="health-panel"]');
    await page.locator('[data-testid="health-reason"]', { hasText: 'stopped by the user' }).waitFor();
    expect(await page.locator('[data-testid="health-reason"]').textContent()).toBe(
      'stopped by the user; not checked while stopped',
    );
    await page.locator('section', { has: panel }).locator('header [data-health="stopped"]').waitFor();
    // The change is in its list, newest first.
    await panel
      .locator('[data-testid="status-changes"] li')
      .first()
      .locator('[data-health="stopped"]')
      .waitFor();
    // The Production URL card has followed too before looking for a link that is gone.
    await page.getByTestId('production-stopped').waitFor();
    expect(await page.locator(`a[href="${url}"]`).count()).toBe(0);
    expect(await runtime.locator('[data-testid="stopped-url"]').textContent()).toBe(url);
    for (const width of [1440, 800]) {
      await resizeTo(page, width);
      await runtime.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `stopped-target-${width}.png`) });
    }

    // The dashboard card: grey edge and badge, "Stopped" instead of a View Live link.
    await page.goto(f.studio.url);
    const card = page.locator(`[data-testid="project-card"][data-project-id="${demo.id}"]`);
    await card.locator('[data-health="stopped"]').waitFor({ timeout: 15_000 });
    expect(await card.getAttribute('data-health')).toBe('stopped');
    expect(await card.getByText('View Live').count()).toBe(0);
    expect(await card.locator('footer').textContent()).toContain('Stopped');
    for (const width of [1440, 800]) {
      await resizeTo(page, width);
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `stopped-card-${width}.png`) });
    }
    await resizeTo(page, 1280, 800);
    expect(pageErrors).toEqual([]);
  });
});
