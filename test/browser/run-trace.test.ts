import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflow } from '../../src/store/project-store.js';
import { BRANCH_GRAPH } from '../fixtures/branch-workflow.js';
import { DEMO_ANSWER } from '../fixtures/demo-answer.js';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium, resizeTo } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

/** A condition and its two branches: one of them is skipped in every run. */
const BRANCH = {
  id: 'wf_branch',
  name: 'branch_check',
  visibility: 'internal' as const,
  ...BRANCH_GRAPH,
};

describe('Run on the canvas in Chromium: badges, node data, history, pinned input', () => {
  let f: StudioFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let demo: { id: string; folder: string };
  const pageErrors: string[] = [];

  const canvasNode = (id: string) =>
    page.locator(`.react-flow__node[data-id="${id}"] [data-testid="canvas-node"]`);
  const badge = (id: string) => canvasNode(id).locator('[data-testid="run-badge"]');
  const editorUrl = (workflowId: string) =>
    `${f.studio.origin}/#/projects/${demo.id}/workflows/${workflowId}`;
  const json = async (testId: string) =>
    JSON.parse(
      (await page.locator(`[data-testid="${testId}"]`).first().getAttribute('data-json'))!,
    ) as unknown;

  async function openEditor(workflowId: string) {
    await page.goto(editorUrl(workflowId));
    await page.locator('[data-testid="editor"]').waitFor();
    await page.getByRole('button', { name: 'Fit View' }).click();
  }

  /** Types the test input and waits until the studio has pinned it. */
  async function typeInput(text: string) {
    await page.getByRole('tab', { name: 'Run' }).click();
    const pinned = page.waitForResponse(
      (r) => r.url().endsWith('/test-input') && r.request().method() === 'PUT' && r.ok(),
    );
    await page.locator('#run-input').fill(text);
    await pinned;
  }

  async function run(): Promise<string> {
    const result = page.locator('[data-testid="run-result"]');
    // No result yet (a workflow's first run): reading it would wait out Playwright's 30 s.
    const before = (await result.count()) > 0 ? await result.getAttribute('data-run-id') : null;
    await page.getByRole('button', { name: /^(Save and run|Run)$/ }).click();
    await expect
      .poll(() => result.getAttribute('data-run-id', { timeout: 500 }).catch(() => null), { timeout: 90_000 })
      .not.toBe(before);
    // The run's history is fetched after its answer is shown; the button reads "Run" again once it is in.
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    return (await result.getAttribute('data-status'))!;
  }

  async function select(id: string) {
    await page.locator(`.react-flow__node[data-id="${id}"] [data-testid="node-name"]`).click();
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    demo = await f.demo('traced');
    await createWorkflow(demo.folder, BRANCH);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: f.studio.origin });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(f.studio.url); // takes the token
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await page.screenshot({ path: path.join(ARTIFACTS, `failed-run-trace-${name}.png`) }).catch(() => {});
    }
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('runs the demo: every node gets an ok badge with its time; a node shows its input and output', async () => {
    await openEditor('wf_main');
    // Before any run there is nothing to preview against; the field says how to get it.
    await select('shape');
    await page.locator('[data-testid="map-value-0"]').focus();
    await page.locator('[data-testid="expr-preview-none"]').waitFor();
    await typeInput('{"userId": 42}');
    expect(await run()).toBe('ok');
    expect(await json('run-output')).toEqual(DEMO_ANSWER);
    expect(await page.locator('[data-testid="run-answer"]').textContent()).toBe('answered 200');
    for (const id of ['shape', 'extract', 'process']) {
      expect(await badge(id).getAttribute('data-status')).toBe('ok');
      expect(await badge(id).textContent()).toMatch(/^✓ \d+(\.\d)? ms$/);
    }

    await select('shape');
    await page.getByRole('tab', { name: 'Data' }).click();
    await page.locator('[data-testid="node-data"][data-node-id="shape"]').waitFor();
    // The Data tab stays open from node to node.
    await select('extract');
    const data = page.locator('[data-testid="node-data"][data-node-id="extract"]');
    await data.waitFor();
    expect(await json('node-input')).toEqual({ user: 42, kind: 'lookup' });
    const output = (await json('node-output')) as { workflow: string; result: { customer: string } };
    expect(output.workflow).toBe('extract_data');
    expect(output.result.customer).toBe('User 42');
    // The callee's own trace, inside the call node's data.
    const callee = data.locator('[data-testid="callee-trace"][data-workflow="extract_data"]');
    expect(
      await callee
        .locator('[data-testid="callee-node"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id'))),
    ).toEqual(['load', 'pick']);
    await callee.locator('[data-testid="callee-node"][data-node-id="load"] button').first().click();
    expect(await callee.locator('[data-testid="node-output"]').first().getAttribute('data-json')).toContain(
      '"SKU-42-1"',
    );

    // The tree opens and closes per level; each value copies as JSON.
    const customer = data
      .locator('[data-testid="node-output"] [data-testid="json-node"][data-path="result"]')
      .first();
    expect(await customer.getAttribute('data-open')).toBe('true');
    await customer.getByRole('button', { name: 'Collapse result' }).click();
    expect(await customer.getAttribute('data-open')).toBe('false');
    await customer.getByRole('button', { name: 'Expand result' }).click();
    await data
      .locator('[data-testid="node-output"]')
      .getByRole('button', { name: 'Copy result', exact: true })
      .click();
    // The page writes the clipboard asynchronously (navigator.clipboard.writeText): wait for it.
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await expect.poll(clipboard).toBe(JSON.stringify(output.result, null, 2));
    expect(JSON.parse(await clipboard())).toEqual(output.result);

    await page.screenshot({ path: path.join(ARTIFACTS, 'run-trace-node-data.png') });
    // Below 1000 px the side panels collapse; the user opens the inspector there, and that
    // choice is remembered for narrow windows (the later 800 px shots and the autocomplete
    // test, which narrows the window while typing, rely on it).
    await resizeTo(page, 800);
    await page.getByRole('button', { name: 'Show inspector' }).click();
    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.waitForTimeout(300); // the fit animates
    await page.screenshot({ path: path.join(ARTIFACTS, 'run-trace-node-data-800.png') });
    await resizeTo(page, 1440);
  });

  it('keeps the test input pinned across a reload and reopens the newest run', async () => {
    await page.reload();
    await page.locator('[data-testid="editor"]').waitFor();
    await page.getByRole('tab', { name: 'Run' }).click();
    await expect.poll(() => page.locator('#run-input').inputValue()).toMatch(/"userId": 42/);
    await page.locator('[data-testid="run-result"][data-status="ok"]').waitFor();
    expect(await badge('process').getAttribute('data-status')).toBe('ok');
  });

  it('expression fields: autocomplete of roots, functions, node ids and last-run fields; a live preview', async () => {
    await openEditor('wf_main');
    await badge('process').waitFor(); // the newest run, reopened
    await select('shape');
    await page.getByRole('tab', { name: 'Node' }).click();
    const field = page.locator('[data-testid="map-value-0"]');
    const list = page.locator('[data-testid="expr-suggestions"]');
    const options = () =>
      list.getByRole('option').evaluateAll((els) => els.map((e) => e.querySelector('span')!.textContent));
    await field.fill('');
    await field.pressSequentially('{{ inp');
    expect(await options()).toEqual(['input']);
    await page.keyboard.press('Enter');
    await page.keyboard.type('.');
    // This node's input in the last run was the trigger: {"userId": 42}.
    expect(await options()).toEqual(['userId']);
    expect(await list.getByRole('option').first().textContent()).toBe('userId42');
    await page.keyboard.press('Tab');
    expect(await field.inputValue()).toBe('{{ input.userId');
    await page.keyboard.type(' * 2 }}');
    expect(await list.count()).toBe(0);
    const preview = page.locator('[data-testid="expr-preview"]');
    expect(await preview.textContent()).toBe('= 84');

    // Functions with their signature; Escape closes the list.
    await field.fill('{{ up');
    await field.press('End');
    await page.keyboard.type('p');
    expect(await list.getByRole('option').first().textContent()).toBe('upperupper(text)');
    await page.keyboard.press('Escape');
    expect(await list.count()).toBe(0);

    // Node ids after nodes., then the fields of that node's output in the last run.
    await field.fill('');
    await field.pressSequentially('{{ nodes.');
    expect(await options()).toEqual(['extract', 'process']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.keyboard.type('.');
    expect(await options()).toEqual(['result', 'workflow', 'call_type']);
    await page.keyboard.press('Enter');
    await page.keyboard.type('.cu');
    expect(await options()).toEqual(['customer']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'run-trace-autocomplete.png') });
    await resizeTo(page, 800); // no Fit View here: the list keeps the focus
    await page.screenshot({ path: path.join(ARTIFACTS, 'run-trace-autocomplete-800.png') });
    await resizeTo(page, 1440);
    await page.keyboard.press('Enter');
    await page.keyboard.type(' }}');
    expect(await preview.textContent()).toBe('= "User 42"');
    // A failing expression says so in the preview, in the runtime's words.
    await field.fill('{{ trigger.userId + "x" }}');
    expect(await preview.textContent()).toBe(
      "Would fail with the last run's data: '+' cannot join a string and a number: write str(x) to join as text, or float(x) to add as numbers",
    );
    await field.fill('{{ input.userId }}');
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });

    // JSON-template fields (a call's input) complete inside {{ }} and preview the whole value.
    await select('process');
    const input = page.locator('#cfg-input');
    const saved = await input.inputValue();
    await input.fill('{"c": "{{ input.result.c');
    await input.press('End');
    await page.keyboard.type('u');
    expect(await options()).toEqual(['customer']);
    await page.keyboard.press('Enter');
    await page.keyboard.type(' }}", "n": 1}');
    expect(await preview.textContent()).toBe('= {"c":"User 42","n":1}');
    await input.fill(saved);
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });
  });

  it("a new node's problems wait until its field is touched or it is saved, then use the field's label", async () => {
    await page.locator('[data-testid="palette-item"][data-node-type="workflowCall"]').click();
    const panel = page.locator('[data-testid="config-panel"]');
    await panel.waitFor();
    const added = (await panel.getAttribute('data-node-id'))!;
    expect(added).not.toBe('shape');
    const error = page.locator('[data-field-error="cfg-targetWorkflowId"]');
    expect(await error.count()).toBe(0); // untouched
    await page.locator('#cfg-targetWorkflowId').focus();
    await page.locator('#node-name').focus();
    expect(await error.textContent()).toBe('Workflow: choose the workflow to call');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });
  });

  it('a failing run marks the failed node red with its error; the history reopens an earlier run', async () => {
    await openEditor('wf_extract');
    await typeInput('{"userId": 7}');
    expect(await run()).toBe('ok');
    await select('load');
    await page.getByRole('tab', { name: 'Node' }).click();
    const code = await page.locator('#cfg-code').inputValue();
    await page.locator('#cfg-code').fill('raise ValueError("no orders for " + str(input.get("userId")))');
    await page.getByRole('tab', { name: 'Run' }).click();
    expect(await run()).toBe('error');

    expect(await canvasNode('load').getAttribute('data-failed')).toBe('true');
    expect(await badge('load').getAttribute('data-status')).toBe('error');
    const error = 'ValueError: no orders for 7 (line 1 of the code)';
    expect(await canvasNode('load').locator('[data-testid="node-run-error"]').textContent()).toContain(error);
    expect(await badge('pick').count()).toBe(0); // never reached
    expect(await page.locator('[data-testid="run-failure"]').textContent()).toContain(error);
    await page.getByRole('tab', { name: 'Data' }).click();
    expect(await page.locator('[data-testid="node-error"]').textContent()).toContain(error);
    await page.screenshot({ path: path.join(ARTIFACTS, 'run-trace-failed.png') });
    await resizeTo(page, 800);
    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.waitForTimeout(300); // the fit animates
    await page.screenshot({ path: path.join(ARTIFACTS, 'run-trace-failed-800.png') });
    await resizeTo(page, 1440);

    // Newest first: the failed run, then the ok one. Reopening the ok one puts its trace back.
    await page.getByRole('tab', { name: 'Run' }).click();
    const history = page.locator('[data-testid="run-history"]');
    const labels = await history.locator('option').allTextContents();
    expect(labels).toHaveLength(2);
    expect(labels[0]).toMatch(/ · error 500 · \d+(\.\d)? ms$/);
    expect(labels[1]).toMatch(/ · ok 200 · \d+(\.\d)? ms$/);
    const older = await history.locator('option').nth(1).getAttribute('value');
    await history.selectOption(older!);
    await page.locator(`[data-testid="run-result"][data-run-id="${older}"]`).waitFor();
    expect(await badge('load').getAttribute('data-status')).toBe('ok');
    expect(await badge('pick').getAttribute('data-status')).toBe('ok');
    expect(await canvasNode('load').getAttribute('data-failed')).toBe('false');

    await select('load');
    await page.getByRole('tab', { name: 'Node' }).click();
    await page.locator('#cfg-code').fill(code);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });
  });

  it('a condition: the branch not taken is skipped and dimmed', async () => {
    await openEditor('wf_branch');
    await typeInput('{"flag": "no"}');
    expect(await run()).toBe('ok');
    expect(await badge('check').getAttribute('data-status')).toBe('ok');
    expect(await badge('small').getAttribute('data-status')).toBe('ok');
    expect(await badge('big').getAttribute('data-status')).toBe('skipped');
    expect(await badge('big').textContent()).toBe('skipped');
    expect(Number(await canvasNode('big').evaluate((el) => getComputedStyle(el).opacity))).toBeLessThan(0.6);
    expect(Number(await canvasNode('small').evaluate((el) => getComputedStyle(el).opacity))).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
