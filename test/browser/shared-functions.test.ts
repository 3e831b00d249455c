import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/build/app-server.js';
import { freePort } from '../../src/build/free-port.js';
import { DEMO_INPUT } from '../fixtures/demo-answer.js';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium, resizeTo } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

const PYTHON = process.env['CATALYST_PYTHON'] ?? '/usr/bin/python3';
const SHOTS = '/tmp/shots-shared';

/** The demo's "Load orders" code, with the customer's name passed through the shared function. */
const LOAD_ORDERS = [
  'user_id = int(input.get("userId") or 0)',
  'orders = [',
  '    {"sku": f"SKU-{user_id}-{n}", "quantity": n, "unitPrice": 5 * n + user_id % 10}',
  '    for n in range(1, 4)',
  ']',
  'return {"userId": user_id, "name": shout(f"User {user_id}"), "orders": orders}',
].join('\n');

describe('Settings › Shared functions in Chromium: add, call from a code node, edit, refuse delete', () => {
  let f: StudioFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let demo: { id: string; folder: string };
  const pageErrors: string[] = [];

  const sectionUrl = () => `${f.studio.origin}/#/projects/${demo.id}/settings/functions`;
  const row = (id: string) => page.locator(`[data-testid="shared-function-row"][data-function="${id}"]`);
  const dialog = () => page.locator('[data-testid="shared-function-dialog"]');
  const manifest = async () => JSON.parse(await readFile(path.join(demo.folder, 'catalyst.json'), 'utf8'));

  async function shoot(name: string) {
    await page.mouse.move(1, 899); // no hover highlight in the pictures
    for (const width of [1440, 800]) {
      await resizeTo(page, width);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`) });
    }
    await resizeTo(page, 1440);
  }

  /** Generates the local target in the studio's code page, then runs that app with python3 and asks it. */
  async function generateAndAsk(): Promise<{ customer: string; shared: string; module: string }> {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/code/local`);
    const generated = page.waitForResponse(
      (r) => r.url().endsWith('/targets/local/generate') && r.request().method() === 'POST',
      { timeout: 60_000 },
    );
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    expect((await generated).status()).toBe(200);
    await page.locator('[data-testid="generate-summary"]').waitFor({ timeout: 30_000 });
    const dir = path.join(demo.folder, '.catalyst/generated/local');
    const app = await startApp({
      python: PYTHON,
      dir,
      host: '127.0.0.1',
      port: await freePort(),
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      healthTimeoutMs: 40_000,
    });
    try {
      const res = await fetch(`${app.url}/api/main`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(DEMO_INPUT),
      });
      const body = (await res.json()) as { result: { customer: string } };
      expect(res.status, JSON.stringify(body)).toBe(200);
      return {
        customer: body.result.customer,
        shared: await readFile(path.join(dir, 'shared/__init__.py'), 'utf8'),
        module: await readFile(path.join(dir, 'workflows/extract_data.py'), 'utf8'),
      };
    } finally {
      await app.stop(5_000);
    }
  }

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    demo = await f.demo('shared-fns');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(f.studio.url); // takes the token
  }, 180_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await page.screenshot({ path: path.join(ARTIFACTS, `failed-shared-${name}.png`) }).catch(() => {});
    }
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('adds a function: Escape closes the dialog, mistakes are said under their field', async () => {
    await page.goto(sectionUrl());
    await page.getByText('No shared functions yet').waitFor();
    await shoot('empty');

    await page.getByRole('button', { name: 'Add function' }).click();
    await dialog().waitFor();
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Add function' }).click();
    await page.locator('#shared-fn-name').fill('shout-it');
    await page.locator('#shared-fn-description').fill('Makes a name loud');
    await page.locator('#shared-fn-code').fill('def shout(s):\n    return s.upper() + "!"\n');
    await dialog().getByRole('button', { name: 'Add function' }).click();
    const nameError = page.locator('[data-field-error="shared-fn-name"]');
    await nameError.waitFor();
    expect(await nameError.textContent()).toBe(
      '"shout-it" is not a Python function name: use letters, digits and _ only, not starting with a digit (e.g. shout_it).',
    );
    expect(await page.locator('#shared-fn-name').getAttribute('aria-invalid')).toBe('true');
    await shoot('add-dialog-name-error');

    await page.locator('#shared-fn-name').fill('shout_it');
    await dialog().getByRole('button', { name: 'Add function' }).click();
    const codeError = page.locator('[data-field-error="shared-fn-code"]');
    await codeError.waitFor();
    expect(await codeError.textContent()).toBe(
      'The code does not define shout_it: it needs a line "def shout_it(…):" that starts at the left margin (not indented).',
    );
    expect(await nameError.count()).toBe(0);
    expect((await manifest()).sharedFunctions).toEqual({});

    await page.locator('#shared-fn-name').fill('shout');
    await dialog().getByRole('button', { name: 'Add function' }).click();
    await dialog().waitFor({ state: 'detached' });
    await row('shout').waitFor();
    expect(await row('shout').textContent()).toContain('Makes a name loud');
    await expect
      .poll(() => row('shout').locator('[data-testid="shared-function-uses"]').textContent())
      .toBe('not used by any code node yet');
    expect((await manifest()).sharedFunctions.shout).toEqual({
      id: 'shout',
      name: 'shout',
      description: 'Makes a name loud',
      language: 'python',
      code: 'def shout(s):\n    return s.upper() + "!"\n',
    });
  });

  it('a code node calls it, and the generated app really runs it (python3)', async () => {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/workflows/wf_extract`);
    await page.locator('[data-testid="editor"]').waitFor();
    await page.locator('.react-flow__node[data-id="load"] [data-testid="node-name"]').click();
    await page.locator('#cfg-code').fill(LOAD_ORDERS);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });

    const got = await generateAndAsk();
    expect(got.module).toContain('from shared import shout');
    expect(got.shared).toContain('def shout(s):\n    return s.upper() + "!"');
    expect(got.customer).toBe('USER 42!');
  }, 120_000);

  it('edits it in Settings; the next generated app runs the new code', async () => {
    await page.goto(sectionUrl());
    await expect
      .poll(() => row('shout').locator('[data-testid="shared-function-uses"]').textContent())
      .toBe('used by Load orders (extract_data)');
    await shoot('list');

    await page.getByRole('button', { name: 'Edit shout' }).click();
    expect(await page.locator('#shared-fn-code').inputValue()).toBe(
      'def shout(s):\n    return s.upper() + "!"\n',
    );
    await page.locator('#shared-fn-code').fill('def shout(s):\n    return "<" + s + ">"\n');
    await shoot('edit-dialog');
    await dialog().getByRole('button', { name: 'Save function' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect((await manifest()).sharedFunctions.shout.code).toBe('def shout(s):\n    return "<" + s + ">"\n');

    const got = await generateAndAsk();
    expect(got.customer).toBe('<User 42>');
  }, 120_000);

  it('refuses to delete it while a code node uses it, naming the workflow and node', async () => {
    await page.goto(sectionUrl());
    await row('shout').waitFor();
    const confirm = page.locator('[data-testid="shared-function-delete"]');
    await page.getByRole('button', { name: 'Delete shout' }).click();
    await confirm.waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Delete shout' }).click();
    // Where it is used is read from the project's model after the list shows: wait for it.
    await confirm.filter({ hasText: 'Code still calls it' }).waitFor();
    expect(await confirm.textContent()).toContain('Code still calls it: Load orders (extract_data).');
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    const refusal = confirm.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(
      'Cannot delete shout: node "Load orders" of workflow extract_data uses it. Remove shout from that code first.',
    );
    await shoot('delete-refused');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await row('shout').waitFor();
    expect((await manifest()).sharedFunctions.shout).toBeDefined();
  });

  it('logged no errors in the page along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
