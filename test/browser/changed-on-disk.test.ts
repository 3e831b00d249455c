import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium, resizeTo } from './support/browser.js';
import { ensureWebBuilt, REPO_ROOT, WEB_ROOT } from './support/web-build.js';

/** The real CLI, as a user in a terminal next to the studio would run it. */
function catalyst(args: string[], home: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/catalyst.js'), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, CATALYST_HOME: home } },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

describe('editor: a save after a change on disk', () => {
  let f: StudioFixture;
  let browser: Browser;
  let page: Page;
  let demo: { id: string; folder: string };
  const pageErrors: string[] = [];

  const banner = () => page.locator('[data-testid="changed-on-disk"]');
  const description = () => page.locator('#wf-description');
  const onDisk = async () =>
    JSON.parse(await readFile(path.join(demo.folder, 'workflows/main_workflow.json'), 'utf8')).description;
  const cliDescribes = async (text: string) => {
    const cli = await catalyst(
      ['workflow', 'set', 'wf_main', '--description', text, '--project', demo.folder],
      f.home,
    );
    expect(cli.code, cli.stderr).toBe(0);
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    demo = await f.demo();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await page.screenshot({ path: path.join(ARTIFACTS, 'failed-changed-on-disk.png') }).catch(() => {});
    }
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('says "Changed on disk", keeps the CLI change, and offers Reload and Overwrite', async () => {
    await page.goto(`${f.studio.url}#/projects/${demo.id}/workflows/wf_main`);
    await page.locator('[data-testid="editor-title"]', { hasText: 'main_workflow' }).waitFor();
    await description().fill('from the editor');
    await page.locator('[data-testid="unsaved"]').waitFor();

    await cliDescribes('from the CLI');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await banner().waitFor();
    expect(await banner().getByText('Changed on disk — reload or overwrite').isVisible()).toBe(true);
    expect(await banner().textContent()).toContain(
      'workflows/main_workflow.json was changed outside this editor',
    );
    // Nothing was written: the CLI's change is what the file holds, and the edit is still unsaved.
    expect(await onDisk()).toBe('from the CLI');
    expect(await page.locator('[data-testid="unsaved"]').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-changed-on-disk-1440.png') });
    await resizeTo(page, 800);
    await expect.poll(() => banner().getByRole('button', { name: 'Overwrite' }).isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-changed-on-disk-800.png') });
    await resizeTo(page, 1440);

    // Reload: the version on disk, the edit dropped.
    await banner().getByRole('button', { name: 'Reload' }).click();
    await banner().waitFor({ state: 'detached' });
    await expect.poll(() => description().inputValue()).toBe('from the CLI');
    expect(await page.locator('[data-testid="unsaved"]').count()).toBe(0);

    // Overwrite: the editor's version wins, knowingly, over a second change on disk.
    await description().fill('editor wins');
    await cliDescribes('CLI again');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await banner().waitFor();
    expect(await onDisk()).toBe('CLI again');
    await banner().getByRole('button', { name: 'Overwrite' }).click();
    await banner().waitFor({ state: 'detached' });
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });
    expect(await onDisk()).toBe('editor wins');

    // The version is current again: a plain save now goes through without a conflict.
    await description().fill('plain save');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });
    expect(await banner().count()).toBe(0);
    expect(await onDisk()).toBe('plain save');
    expect(pageErrors).toEqual([]);
  });
});
