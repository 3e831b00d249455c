import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TargetStates } from '../../src/deploy/records/target-state.js';
import { DEMO_WORKFLOW_IDS } from '../../src/model/demo.js';
import { type StudioFixture, startFixture } from '../server/support/studio-fixture.js';
import { ARTIFACTS, launchChromium, resizeTo } from './support/browser.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths
type Body = any;

const { main, extract } = DEMO_WORKFLOW_IDS;

describe('typed workflows in the studio (Chromium): Schema tab, infer, examples, project page', () => {
  let f: StudioFixture;
  let browser: Browser;
  let page: Page;
  let demo: { id: string; folder: string };
  const pageErrors: string[] = [];

  const api = async (method: string, apiPath: string, body?: unknown, headers?: Record<string, string>) => {
    const res = await f.call(method, `/api/projects/${demo.id}${apiPath}`, body, headers);
    const text = await res.text();
    expect(res.status, text).toBeLessThan(300);
    return JSON.parse(text) as Body;
  };
  const saved = async (workflowId: string) => (await api('GET', `/workflows/${workflowId}`)).workflow;
  const shot = async (name: string) => {
    for (const [w, h] of [
      [1440, 900],
      [800, 900],
    ] as const) {
      await resizeTo(page, w, h);
      await page.screenshot({ path: path.join(ARTIFACTS, `typed-${name}-${w}.png`) });
    }
    await resizeTo(page, 1440);
  };

  async function openEditor(workflowId: string) {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}/workflows/${workflowId}`);
    await page.locator('[data-testid="editor"]').waitFor();
  }
  async function section(name: 'settings' | 'schema' | 'examples') {
    await page.getByRole('tab', { name: 'Workflow', exact: true }).click();
    await page.locator(`[data-testid="workflow-section-${name}"]`).click();
  }
  async function save() {
    const done = page.waitForResponse(
      (r) => r.request().method() === 'PUT' && /\/workflows\/wf_/.test(r.url()),
    );
    await page.getByRole('button', { name: /^Save/ }).first().click();
    expect((await done).status()).toBe(200);
    await expect.poll(() => page.locator('[data-testid="unsaved"]').count()).toBe(0);
  }
  async function runOnce(input: string) {
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.locator('#run-input').fill(input);
    await page.getByRole('button', { name: /^(Save and run|Run)$/ }).click();
    await page.locator('[data-testid="run-result"]').waitFor({ timeout: 90_000 });
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    f = await startFixture({ webRoot: WEB_ROOT });
    demo = await f.demo('typed');
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(f.studio.url); // takes the token
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await page.screenshot({ path: path.join(ARTIFACTS, `failed-typed-${name}.png`) }).catch(() => {});
    }
  });

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('edits an input schema in the form, shows it as raw JSON, and saves it into the file', async () => {
    await openEditor(extract);
    await section('schema');
    const input = page.locator('[data-testid="input-schema"]');
    await input.locator('[data-testid="input-add-schema"]').click();
    await input.locator('[data-testid="input-add-field"]').click();
    const field = input.locator('[data-testid="schema-field"]').first();
    await field.getByLabel('Field name').fill('userId');
    await field.getByLabel('Field type').selectOption('integer');
    await field.getByLabel('Required').check();
    await field.getByLabel('Min').fill('1');
    await field.getByLabel('Description').fill('The user to look up');
    await input.locator('[data-testid="input-add-field"]').click();
    const second = input.locator('[data-testid="schema-field"]').nth(1);
    await second.getByLabel('Field name').fill('userId');
    // A duplicate name is refused at the field; the schema keeps its last good state.
    await expect
      .poll(() => second.locator('[data-testid="schema-field-error"]').textContent())
      .toContain('already a field');
    await second.getByLabel('Field name').fill('plan');
    await second.getByLabel('Allowed values').fill('free, pro');
    await expect
      .poll(() => input.locator('[data-testid="input-schema-summary"]').textContent())
      .toBe('userId:int*, plan:string');
    await shot('schema-form');

    await input.locator('[data-testid="input-raw-toggle"]').check();
    const raw = input.locator('[data-testid="input-raw"]');
    expect(JSON.parse(await raw.inputValue())).toEqual({
      type: 'object',
      properties: {
        userId: { type: 'integer', description: 'The user to look up', minimum: 1 },
        plan: { type: 'string', enum: ['free', 'pro'] },
      },
      required: ['userId'],
    });
    // Not JSON, then a keyword outside the subset: both said inline, with the model's words.
    await raw.fill('{"type": "object",');
    await expect
      .poll(() => input.locator('[data-testid="input-raw-error"]').textContent())
      .toContain('Not JSON');
    await raw.fill('{"type": "object", "properties": {"userId": {"type": "integer", "oneOf": []}}}');
    await expect
      .poll(() => input.locator('[data-testid="input-raw-error"]').textContent())
      .toMatch(/inputSchema\.properties\.userId.*oneOf/);
    await shot('schema-raw');
    await raw.fill(
      JSON.stringify({
        type: 'object',
        properties: { userId: { type: 'integer', minimum: 1 } },
        required: ['userId'],
      }),
    );
    await expect.poll(() => input.locator('[data-testid="input-raw-error"]').count()).toBe(0);
    // Back to the form: it shows what the raw text says.
    await input.locator('[data-testid="input-raw-toggle"]').uncheck();
    await expect.poll(() => input.locator('[data-testid="schema-field"]').count()).toBe(1);
    expect(await input.locator('[data-testid="schema-field"]').getByLabel('Min').inputValue()).toBe('1');
    await save();
    expect((await saved(extract)).inputSchema).toEqual({
      type: 'object',
      properties: { userId: { type: 'integer', minimum: 1 } },
      required: ['userId'],
    });
  });

  it('opens a schema the form cannot show as raw JSON, with the reason', async () => {
    await openEditor(main);
    await section('schema');
    const output = page.locator('[data-testid="output-schema"]');
    expect(await output.getAttribute('data-mode')).toBe('raw');
    expect(await output.locator('[data-testid="output-raw-note"]').textContent()).toContain(
      'field "result" uses "required", "properties"',
    );
    expect(await page.locator('[data-testid="input-schema"]').getAttribute('data-mode')).toBe('form');
  });

  it('infers the output schema from the last run, saves a run as an example, and runs it', async () => {
    await openEditor(extract);
    await runOnce('{"userId": 3}');
    const run = (await api('GET', `/workflows/${extract}/runs`)).runs[0];
    const { run: shown } = await api('GET', `/workflows/${extract}/runs/${run.id}`);
    expect(shown.trace.status).toBe('ok');

    await section('schema');
    const output = page.locator('[data-testid="output-schema"]');
    await output.locator('[data-testid="output-infer"]').click();
    await output.locator('[data-testid="output-proposal"]').waitFor();
    await output.locator('[data-testid="output-discard"]').click();
    expect(await output.locator('[data-testid="output-proposal"]').count()).toBe(0);
    expect(await output.locator('[data-testid="output-add-schema"]').count()).toBe(1);
    await output.locator('[data-testid="output-infer"]').click();
    await output.locator('[data-testid="output-accept"]').click();
    await save();
    const outputSchema = (await saved(extract)).outputSchema;
    expect(outputSchema.type).toBe('object');
    expect(outputSchema.required).toEqual(Object.keys(shown.trace.result));
    // Integers stay integers, array items come from their elements, present keys are required.
    expect(outputSchema.properties.userId).toEqual({ type: 'integer' });
    expect(outputSchema.properties.customer).toEqual({ type: 'string' });
    expect(outputSchema.properties.orders).toEqual({
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string' },
          quantity: { type: 'integer' },
          unitPrice: { type: 'integer' },
        },
        required: ['sku', 'quantity', 'unitPrice'],
      },
    });

    await page.getByRole('tab', { name: 'Run' }).click();
    await page.locator('[data-testid="save-as-example"]').click();
    await page.locator('#example-name').fill('user 3 from a run');
    await page.locator('[data-testid="save-example"]').click();
    await expect.poll(async () => (await saved(extract)).examples?.length ?? 0).toBe(1);
    expect((await saved(extract)).examples[0]).toEqual({
      name: 'user 3 from a run',
      input: { userId: 3 },
      expect: { status: 200, body: shown.trace.result },
    });

    await section('examples');
    await page.getByRole('button', { name: 'Run all' }).click();
    const row = page.locator('[data-testid="example-row"][data-example="user 3 from a run"]');
    await expect.poll(() => row.getAttribute('data-result'), { timeout: 90_000 }).toBe('pass');
  });

  it('Run all shows a broken example failing with its first difference', async () => {
    const got = await api('GET', `/workflows/${main}`);
    got.workflow.examples[0].expect.body.result.total = 83;
    await api('PUT', `/workflows/${main}`, got.workflow, { 'if-match': got.version });
    await openEditor(main);
    await section('examples');
    await page.getByRole('button', { name: 'Run all' }).click();
    const broken = page.locator('[data-testid="example-row"][data-example="user 42 totals three orders"]');
    await expect.poll(() => broken.getAttribute('data-result'), { timeout: 90_000 }).toBe('fail');
    const diff = broken.locator('[data-testid="example-diff"]');
    expect(await diff.locator('dt').allTextContents()).toEqual(['path', 'expected', 'actual']);
    expect(await diff.locator('dd').allTextContents()).toEqual(['$.result.total', '83', '82']);
    expect(
      await page
        .locator('[data-testid="example-row"][data-example="extract_data mocked: one big order"]')
        .getAttribute('data-result'),
    ).toBe('pass');
    expect(await page.locator('[data-testid="examples-summary"]').textContent()).toBe('1 passed, 1 failed');
    await shot('examples-failure');
  });

  it('the project page shows each workflow’s schema summary and, once the target runs, its /docs', async () => {
    await page.goto(`${f.studio.origin}/#/projects/${demo.id}`);
    const row = page.locator('[data-testid="workflow-row"][data-workflow="main_workflow"]');
    await expect
      .poll(() => row.locator('[data-testid="schema-summary"]').textContent())
      .toBe('in: userId:int* · out: result:object*, workflow:string*, call_type:string');
    const extractRow = page.locator('[data-testid="workflow-row"][data-workflow="extract_data"]');
    expect(await extractRow.locator('[data-testid="schema-summary"]').textContent()).toContain(
      'in: userId:int*',
    );
    expect(await page.locator('[data-testid="docs-link"]').count()).toBe(0);

    new TargetStates(f.workspace.db).deployed(demo.id, 'local', {
      deployedAt: new Date().toISOString(),
      version: '0.1.0',
      commit: '0123456789abcdef0123456789abcdef01234567',
      url: 'http://127.0.0.1:8123/',
      deploymentId: 'dep_typed',
    });
    await page.reload();
    const docs = row.locator('[data-testid="docs-link"]');
    await docs.waitFor();
    expect(await docs.getAttribute('href')).toBe('http://127.0.0.1:8123/docs');
    // Internal workflows have no route, so no docs link.
    expect(await extractRow.locator('[data-testid="docs-link"]').count()).toBe(0);
    await shot('project-page');
    expect(pageErrors).toEqual([]);
  });
});
