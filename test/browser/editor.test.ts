import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoProject } from '../../src/model/demo.js';
import type { Workflow } from '../../src/model/workflow.js';
import { addTarget, createWorkflow, deleteWorkflow } from '../../src/store/project-store.js';
import { DEMO_ANSWER, DEMO_INPUT } from '../fixtures/demo-answer.js';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium } from './support/browser.js';
import { ensureWebBuilt, REPO_ROOT, WEB_ROOT } from './support/web-build.js';

/** The seed scenario is the demo project; the test types what the demo holds, through the UI. */
const demo = demoProject({ id: 'proj_x', name: 'demo', now: '2026-01-01T00:00:00.000Z' });
const demoWorkflow = (name: string): Workflow =>
  demo.workflows.find((w) => w.workflow.name === name)!.workflow;

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/catalyst.js'), ...args],
      { cwd: REPO_ROOT },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('canvas editor in Chromium', () => {
  let f: StudioFixture;
  let browser: Browser;
  let page: Page;
  let folder: string;
  let projectUrl: string;
  const pageErrors: string[] = [];

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const nodeCount = () => page.locator('.react-flow__node').count();

  /** Drags a palette entry onto the canvas at (x, y) of the canvas and returns the new node's id. */
  async function dropNode(type: string, x: number, y: number): Promise<string> {
    const before = await nodeCount();
    await page
      .locator(`[data-testid="palette-item"][data-node-type="${type}"]`)
      .dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
    await expect.poll(nodeCount).toBe(before + 1);
    const panel = page.locator('[data-testid="config-panel"]');
    await panel.waitFor();
    return (await panel.getAttribute('data-node-id'))!;
  }

  async function select(id: string) {
    await node(id).locator('[data-testid="node-name"]').click();
    await page.locator(`[data-testid="config-panel"][data-node-id="${id}"]`).waitFor();
  }

  async function connect(source: string, target: string, handle = '') {
    const from = node(source).locator(
      `.react-flow__handle.source${handle ? `[data-handleid="${handle}"]` : ''}`,
    );
    await from.dragTo(node(target).locator('.react-flow__handle.target'));
  }

  async function fillFields(fields: Record<string, unknown>) {
    const map = page.locator('[data-testid="template-map"]');
    let i = 0;
    for (const [key, value] of Object.entries(fields)) {
      await map.getByRole('button', { name: 'Add field' }).click();
      await map.locator(`[data-testid="map-key-${i}"]`).fill(key);
      await map.locator(`[data-testid="map-value-${i}"]`).fill(String(value));
      i++;
    }
  }

  async function save() {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });
  }

  async function newWorkflow(name: string, options: { public?: { method: string; path: string } } = {}) {
    await page.goto(projectUrl);
    await page.getByRole('button', { name: 'New workflow' }).click();
    const dialog = page.getByRole('dialog', { name: 'New workflow' });
    await dialog.locator('#new-wf-name').fill(name);
    if (options.public) {
      await dialog.locator('#new-wf-visibility').selectOption('public');
      await dialog.locator('#new-wf-method').selectOption(options.public.method);
      await dialog.locator('#new-wf-path').fill(options.public.path);
    }
    await dialog.getByRole('button', { name: 'Create workflow' }).click();
    await page.locator('[data-testid="editor-title"]', { hasText: name }).waitFor();
  }

  /** Builds a workflow of the demo node by node: drop, name, configure, wire in order. */
  async function buildLikeDemo(
    name: string,
    configure: (nodeId: string, demoNodeId: string) => Promise<void>,
  ) {
    const wf = demoWorkflow(name);
    const ids: Record<string, string> = {};
    let x = 160;
    for (const demoNode of Object.values(wf.nodes)) {
      const id = await dropNode(demoNode.type, x, 160);
      x += 280;
      ids[demoNode.id] = id;
      await page.locator('#node-name').fill(demoNode.name);
      await configure(id, demoNode.id);
    }
    for (const edge of wf.edges) await connect(ids[edge.source]!, ids[edge.target]!);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(wf.edges.length);
    return ids;
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await page.screenshot({ path: path.join(ARTIFACTS, `failed-editor-${name}.png`) }).catch(() => {});
    }
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('builds the seed scenario through the UI, saves, runs it and sees the expected output', async () => {
    await page.goto(f.studio.url);
    await page.getByRole('button', { name: 'New Project', exact: true }).click();
    await page.getByRole('dialog').locator('#project-name').fill('Seed Shop');
    await page.getByRole('dialog').getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Seed Shop', level: 1 }).waitFor();
    projectUrl = page.url();
    folder = path.join(f.home, 'projects', 'seed_shop');

    for (const name of ['extract_data', 'process_results']) {
      await newWorkflow(name);
      const wf = demoWorkflow(name);
      await buildLikeDemo(name, async (_id, demoId) => {
        const config = wf.nodes[demoId]!.config;
        if (typeof config['code'] === 'string') await page.locator('#cfg-code').fill(config['code']);
        else await fillFields(config['fields'] as Record<string, unknown>);
      });
      await page.locator('[data-testid="unsaved"]').waitFor();
      expect(await page.locator('[data-testid="problem-count"]').count()).toBe(0);
      await save();
    }

    await newWorkflow('main_workflow', { public: { method: 'POST', path: '/api/main' } });
    const main = demoWorkflow('main_workflow');
    const called: Record<string, string> = { wf_extract: 'extract_data', wf_process: 'process_results' };
    await buildLikeDemo('main_workflow', async (_id, demoId) => {
      const config = main.nodes[demoId]!.config;
      if (main.nodes[demoId]!.type === 'transform')
        return fillFields(config['fields'] as Record<string, unknown>);
      const target = page.locator('#cfg-targetWorkflowId');
      const label = `${called[config['targetWorkflowId'] as string]} · internal · Local`;
      expect(await target.locator('option').allTextContents()).toEqual([
        'Choose a workflow…',
        'extract_data · internal · Local',
        'process_results · internal · Local',
      ]);
      await target.selectOption({ label });
      await page.locator('#cfg-input').fill(config['input'] as string);
    });
    expect(await page.locator('[data-testid="problem-count"]').count()).toBe(0);
    await save();

    // The files on disk are the model's, in the scenario's shape, and pass the real CLI's validate.
    const saved = JSON.parse(
      await readFile(path.join(folder, 'workflows/main_workflow.json'), 'utf8'),
    ) as Workflow;
    expect(saved.visibility).toBe('public');
    expect(saved.endpoint).toEqual({ method: 'POST', path: '/api/main' });
    expect(Object.values(saved.nodes).map((n) => [n.type, n.name])).toEqual([
      ['transform', 'Shape input'],
      ['workflowCall', 'Extract data'],
      ['workflowCall', 'Process results'],
    ]);
    expect(saved.edges.map((e) => [e.source, e.target])).toEqual([
      ['transform_1', 'workflowCall_1'],
      ['workflowCall_1', 'workflowCall_2'],
    ]);
    const validate = await runCli(['validate', '--project', folder]);
    expect(validate.stderr + validate.stdout).toContain('✓ Seed Shop is valid (3 workflows, 1 target).');
    expect(validate.code).toBe(0);

    await page.getByRole('tab', { name: 'Run' }).click();
    await page.locator('#run-input').fill(JSON.stringify(DEMO_INPUT));
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const output = page.locator('[data-testid="run-output"]');
    await output.waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="run-result"]').getAttribute('data-status')).toBe('ok');
    expect(JSON.parse((await output.getAttribute('data-json'))!)).toEqual(DEMO_ANSWER);

    await page.getByRole('button', { name: 'Fit View' }).click();
    await select('workflowCall_1');
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-call-node.png') });
    // The answer of the run is still there after looking at a node.
    await page.getByRole('tab', { name: 'Run' }).click();
    expect(JSON.parse((await output.getAttribute('data-json'))!)).toEqual(DEMO_ANSWER);
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor.png') });
    expect(pageErrors).toEqual([]);
  });

  it('shows a bad expression on its field and marks the node red', async () => {
    await select('transform_1');
    await page.locator('[data-testid="map-value-0"]').fill('{{ input.userId + }}');
    const error = page.locator('[data-field-error="cfg-fields"]');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      "Fields › user: invalid template: Expected an expression after '+' at 17",
    );
    expect(
      await node('transform_1').locator('[data-testid="canvas-node"]').getAttribute('data-invalid'),
    ).toBe('true');
    expect(await page.locator('[data-testid="problem-count"]').textContent()).toBe(' 1 problem');

    await page.locator('[data-testid="map-value-0"]').fill('{{ nodes.nowhere.id }}');
    await expect
      .poll(() => error.textContent())
      .toBe(
        "Fields › user: reads nodes.nowhere, but workflow 'main_workflow' has no node 'nowhere': use one of workflowCall_1, workflowCall_2",
      );
    await page.locator('[data-testid="map-value-0"]').fill('{{ input.userId }}');
    await error.waitFor({ state: 'detached' });
    expect(
      await node('transform_1').locator('[data-testid="canvas-node"]').getAttribute('data-invalid'),
    ).toBe('false');
    // Back to what is saved: nothing left to save.
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });
  });

  it('refuses a local call to a workflow on another target, with the reason, on the call node', async () => {
    await addTarget(folder, {
      id: 'production',
      name: 'Production',
      platform: 'railway',
      platformConfig: {},
    });
    await page.reload();
    await page.locator('[data-testid="editor"]').waitFor();
    await page.locator('#wf-target').selectOption('production');
    await select('workflowCall_1');
    const error = page.locator('[data-field-error="cfg-targetWorkflowId"]');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      "Workflow: calls 'extract_data' locally, but 'extract_data' is on target 'local' and 'main_workflow' is on target 'production': a local call only reaches workflows of the same app. Assign both to one target, or make 'extract_data' public and set Call type to \"http\"",
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-local-call-refused.png') });
    for (const id of ['workflowCall_1', 'workflowCall_2']) {
      expect(await node(id).locator('[data-testid="canvas-node"]').getAttribute('data-invalid')).toBe('true');
    }
    // http asks for a URL instead of a workflow; the timeout is checked against 1–300 s.
    await page.locator('#cfg-callType').selectOption('http');
    // Once the URL field shows, the switch has been drawn: only then is the workflow field's absence news.
    await page.locator('#cfg-httpUrl').waitFor();
    expect(await page.locator('#cfg-targetWorkflowId').count()).toBe(0);
    await page.locator('#cfg-timeout').fill('301');
    await expect
      .poll(() => page.locator('[data-field-error="cfg-timeout"]').textContent())
      .toBe('Timeout must be at most 300 s');
    // Undo takes every one of those edits back.
    for (let i = 0; i < 5 && (await page.locator('[data-testid="unsaved"]').count()) > 0; i++) {
      await page.getByRole('button', { name: 'Undo' }).click();
    }
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });
    // Back to what is saved: the workflow on 'local', neither call node marked invalid any more, and
    // the call local to extract_data again (no URL field). Undo took the selection back too.
    expect(await page.locator('#wf-target').inputValue()).toBe('local');
    for (const id of ['workflowCall_1', 'workflowCall_2']) {
      await expect
        .poll(() => node(id).locator('[data-testid="canvas-node"]').getAttribute('data-invalid'))
        .toBe('false');
    }
    expect(await page.locator('[data-testid="problem-count"]').count()).toBe(0);
    await select('workflowCall_1');
    expect(await page.locator('#cfg-callType').inputValue()).toBe('local');
    expect(await page.locator('#cfg-targetWorkflowId option:checked').textContent()).toBe(
      'extract_data · internal · Local',
    );
    expect(await page.locator('#cfg-httpUrl').count()).toBe(0);
    expect(await page.locator('[data-field-error="cfg-targetWorkflowId"]').count()).toBe(0);
    expect(await page.locator('[data-testid="unsaved"]').count()).toBe(0);
  });

  it('undoes and redoes a delete, from the keyboard and the buttons', async () => {
    expect(await nodeCount()).toBe(3);
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    await select('workflowCall_1');
    await page.keyboard.press('Delete');
    await expect.poll(nodeCount).toBe(2);
    expect(await page.locator('.react-flow__edge').count()).toBe(0);
    await page.locator('[data-testid="unsaved"]').waitFor();

    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(nodeCount).toBe(3);
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });

    await page.keyboard.press('Control+Shift+z');
    await expect.poll(nodeCount).toBe(2);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(nodeCount).toBe(3);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(nodeCount).toBe(2);
    await page.keyboard.press('Control+y');
    expect(await nodeCount()).toBe(2);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(nodeCount).toBe(3);
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });

    // A click (or Enter) on the palette adds the node in view; undo takes it away again.
    await page.locator('[data-testid="palette-item"][data-node-type="response"]').click();
    await expect.poll(nodeCount).toBe(4);
    expect(await page.locator('[data-testid="config-panel"]').getAttribute('data-node-id')).toBe(
      'response_1',
    );
    await page.keyboard.press('Control+z');
    await expect.poll(nodeCount).toBe(3);
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });
  });

  it('sees a workflow added by the CLI in the call dropdown without a reload, keeping its edits', async () => {
    await select('workflowCall_1');
    await page.locator('#node-name').fill('Extract the data');
    await createWorkflow(folder, { name: 'notify_sales' });
    const options = page.locator('#cfg-targetWorkflowId option');
    await expect.poll(() => options.allTextContents()).toContain('notify_sales · internal · Local');
    expect(await page.locator('#node-name').inputValue()).toBe('Extract the data');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.locator('[data-testid="unsaved"]').waitFor({ state: 'detached' });
    await deleteWorkflow(folder, 'notify_sales');
    await expect.poll(() => options.allTextContents()).not.toContain('notify_sales · internal · Local');
  });

  it('asks before leaving with unsaved changes, and keeps the file as it was when the user leaves', async () => {
    const file = path.join(folder, 'workflows/main_workflow.json');
    const before = await readFile(file, 'utf8');
    // Open the editor from the project page, so Back stays inside this page.
    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Seed Shop' })
      .click();
    await page.getByRole('link', { name: 'main_workflow' }).click();
    await page.locator('[data-testid="editor-title"]', { hasText: 'main_workflow' }).waitFor();
    await select('transform_1');
    await page.locator('#node-name').fill('Shape the input');
    await page.locator('[data-testid="unsaved"]').waitFor();

    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Seed Shop' })
      .click();
    const dialog = page.getByRole('alertdialog', { name: 'Leave without saving?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Stay' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('#node-name').inputValue()).toBe('Shape the input');
    expect(page.url()).toContain('/workflows/');

    // The browser's Back button is held the same way: the address is put back, the edits stay.
    const editorUrl = page.url();
    await page.goBack();
    await dialog.waitFor();
    await expect.poll(() => page.url()).toBe(editorUrl);
    await dialog.getByRole('button', { name: 'Stay' }).click();
    expect(await page.locator('#node-name').inputValue()).toBe('Shape the input');

    // Reloading or closing the tab gets the browser's own prompt.
    const prompt = new Promise<string>((resolve) =>
      page.once('dialog', (d) => {
        resolve(d.type());
        void d.dismiss();
      }),
    );
    void page.reload().catch(() => {});
    expect(await prompt).toBe('beforeunload');
    expect(await page.locator('#node-name').inputValue()).toBe('Shape the input');

    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Seed Shop' })
      .click();
    await dialog.getByRole('button', { name: 'Leave without saving' }).click();
    await page.getByRole('heading', { name: 'Seed Shop', level: 1 }).waitFor();
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('a failing run shows the error and marks the failing node', async () => {
    await newWorkflow('checkout', { public: { method: 'POST', path: '/api/checkout' } });
    const code = await dropNode('code', 300, 200);
    await page.locator('#node-name').fill('Reserve stock');
    await page.locator('#cfg-code').fill('raise ValueError("no stock for " + str(input.get("sku")))');
    await save();
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.locator('#run-input').fill('{"sku": "A1"}');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const failure = page.locator('[data-testid="run-failure"]');
    await failure.waitFor({ timeout: 60_000 });
    expect(await failure.textContent()).toBe(
      'node "Reserve stock" of workflow "checkout" failed: ValueError: no stock for A1 (line 1 of the code)',
    );
    expect(await page.locator('[data-testid="run-result"]').getAttribute('data-status')).toBe('error');
    expect(await node(code).locator('[data-testid="canvas-node"]').getAttribute('data-failed')).toBe('true');
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-run-failure.png') });

    // Input that is not JSON is caught before anything is sent.
    await page.locator('#run-input').fill('{sku: A1}');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    expect(await page.locator('[data-testid="run-panel"] [role="alert"]').first().textContent()).toMatch(
      /^The test input is not JSON: /,
    );

    await page.goto(projectUrl);
    await page
      .locator('[data-testid="workflow-row"][data-workflow="checkout"]')
      .getByRole('button', { name: 'Delete checkout' })
      .click();
    await page
      .getByRole('dialog', { name: 'Delete checkout?' })
      .getByRole('button', { name: 'Delete workflow' })
      .click();
    await page
      .locator('[data-testid="workflow-row"][data-workflow="checkout"]')
      .waitFor({ state: 'detached' });
  });

  it('wires the true and false outputs of a condition node into the file', async () => {
    await newWorkflow('route_orders');
    const check = await dropNode('condition', 160, 220);
    await page.locator('#cfg-expression').fill('input.total > 100');
    const big = await dropNode('transform', 520, 100);
    await page.locator('#node-name').fill('Big order');
    const small = await dropNode('transform', 520, 340);
    await page.locator('#node-name').fill('Small order');
    await connect(check, big, 'true');
    await connect(check, small, 'false');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    expect(await page.locator('[data-testid="problem-count"]').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-condition.png') });
    await save();
    const saved = JSON.parse(
      await readFile(path.join(folder, 'workflows/route_orders.json'), 'utf8'),
    ) as Workflow;
    expect(saved.edges).toEqual([
      { id: `e_${check}_${big}`, source: check, target: big, sourceHandle: 'true' },
      { id: `e_${check}_${small}`, source: check, target: small, sourceHandle: 'false' },
    ]);
    await page.goto(projectUrl);
    await page
      .locator('[data-testid="workflow-row"][data-workflow="route_orders"]')
      .getByRole('button', { name: 'Delete route_orders' })
      .click();
    await page
      .getByRole('dialog', { name: 'Delete route_orders?' })
      .getByRole('button', { name: 'Delete workflow' })
      .click();
    await page
      .locator('[data-testid="workflow-row"][data-workflow="route_orders"]')
      .waitFor({ state: 'detached' });
  });

  it('renames a workflow (the id stays, calls keep working) and deletes one, refusing while it is called', async () => {
    const row = (name: string) => page.locator(`[data-testid="workflow-row"][data-workflow="${name}"]`);
    await row('process_results').getByRole('button', { name: 'Rename process_results' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename process_results' });
    await rename.locator('#rename-wf-name').fill('Process Orders');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await row('Process Orders').waitFor();
    // The caller's call labels refresh with the project detail, a moment after the renamed row.
    await expect
      .poll(() => row('main_workflow').locator('[data-testid="workflow-call"]').allTextContents(), {
        timeout: 10_000,
      })
      .toEqual(['extract_dataLocal', 'Process OrdersLocal']);
    const renamed = JSON.parse(
      await readFile(path.join(folder, 'workflows/process_orders.json'), 'utf8'),
    ) as Workflow;
    expect(renamed.name).toBe('Process Orders');

    await row('extract_data').getByRole('button', { name: 'Delete extract_data' }).click();
    const refuse = page.getByRole('dialog', { name: 'Delete extract_data?' });
    await refuse.getByRole('button', { name: 'Delete workflow' }).click();
    expect(await refuse.getByRole('alert').textContent()).toBe(
      'Cannot delete workflow extract_data: it is called by main_workflow (node workflowCall_1). Remove those calls first.',
    );
    await refuse.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByRole('dialog', { name: 'New workflow' }).locator('#new-wf-name').fill('scratch');
    await page.getByRole('button', { name: 'Create workflow' }).click();
    await page.locator('[data-testid="editor-title"]', { hasText: 'scratch' }).waitFor();
    await page.goto(projectUrl);
    await row('scratch').getByRole('button', { name: 'Delete scratch' }).click();
    await page
      .getByRole('dialog', { name: 'Delete scratch?' })
      .getByRole('button', { name: 'Delete workflow' })
      .click();
    await row('scratch').waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid="workflow-row"]').count()).toBe(3);
  });
});
