import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDraft } from '../../src/draft/apply.js';
import type { DraftEvent } from '../../src/draft/events.js';
import { draftWorkflow } from '../../src/draft/pipeline.js';
import { systemPrompt } from '../../src/draft/prompt/context.js';
import { submitWorkflowTool } from '../../src/draft/prompt/tool.js';
import { unifiedDiff } from '../../src/draft/unified-diff.js';
import { NODE_DEFINITIONS, NODE_TYPES } from '../../src/model/nodes/registry.js';
import { tempDir } from '../store/helpers.js';
import { type StandIn, startStandIn } from './support/llm-stand-in.js';
import { shopSandbox, snapshot } from './support/shop-project.js';

const KEY = 'sk-pipeline';
let api: StandIn | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function extractChange() {
  const box = await shopSandbox();
  const original = JSON.parse(await readFile(join(box.dir, 'workflows/extract_data.json'), 'utf8'));
  original.nodes.pick.config.fields.orderCount = '{{ len(input.orders) }}';
  api = await startStandIn({
    key: KEY,
    script: [{ answer: { workflow: original, notes: 'Counts orders.' } }],
  });
  return { box, env: { ANTHROPIC_API_KEY: KEY, CATALYST_LLM_BASE_URL: api.url } };
}

describe('the draft pipeline as a library (what a studio route streams)', () => {
  it('emits started/completed per stage and returns the draft without writing; applyDraft writes it', async () => {
    const { box, env } = await extractChange();
    const before = await snapshot(box.dir);
    const events: DraftEvent[] = [];

    const draft = await draftWorkflow({
      projectDir: box.dir,
      prompt: 'Count the orders',
      workflow: 'wf_extract',
      env,
      onEvent: (e) => events.push(e),
    });

    expect(events.map((e) => `${e.stage}:${e.status}`)).toEqual([
      'context:started',
      'context:completed',
      'draft:started',
      'draft:completed',
      'validate:started',
      'validate:completed',
      'compile:started',
      'compile:completed',
    ]);
    expect(draft).toMatchObject({
      ok: true,
      action: 'update',
      file: 'workflows/extract_data.json',
      written: false,
    });
    expect(draft.draft?.nodes['pick']?.config['fields']).toMatchObject({
      orderCount: '{{ len(input.orders) }}',
    });
    expect(await snapshot(box.dir)).toEqual(before);

    const written = await applyDraft(box.dir, draft, { onEvent: (e) => events.push(e) });
    expect(written.written).toBe(true);
    expect(events.slice(-2).map((e) => `${e.stage}:${e.status}`)).toEqual([
      'write:started',
      'write:completed',
    ]);
    const file = JSON.parse(await readFile(join(box.dir, 'workflows/extract_data.json'), 'utf8'));
    expect(file.nodes.pick.config.fields.orderCount).toBe('{{ len(input.orders) }}');
  });

  it('refuses to write over a file that changed after the draft was made, keeping the change', async () => {
    const { box, env } = await extractChange();
    const draft = await draftWorkflow({
      projectDir: box.dir,
      prompt: 'Count the orders',
      workflow: 'extract_data',
      env,
    });
    const path = join(box.dir, 'workflows/extract_data.json');
    const edited = (await readFile(path, 'utf8')).replace('Pick fields', 'Pick fields (edited meanwhile)');
    await writeFile(path, edited);

    await expect(applyDraft(box.dir, draft)).rejects.toThrow(
      'workflows/extract_data.json changed since the draft was made; nothing was written. Draft again to build on the new version.',
    );
    expect(await readFile(path, 'utf8')).toBe(edited);
  });

  it('refuses to write a draft that does not validate', async () => {
    const { box, env } = await extractChange();
    const draft = await draftWorkflow({
      projectDir: box.dir,
      prompt: 'Count the orders',
      workflow: 'extract_data',
      env,
    });
    await expect(applyDraft(box.dir, { ...draft, ok: false })).rejects.toThrow(
      'does not validate; nothing was written',
    );
  });
});

describe('what the model is told', () => {
  it('describes every node type of the registry with every config field, its help and options', () => {
    const prompt = systemPrompt();
    for (const [type, def] of Object.entries(NODE_DEFINITIONS)) {
      expect(prompt).toContain(`## ${type} — ${def.label}: ${def.description}`);
      for (const field of def.fields) {
        expect(prompt).toContain(`\`${field.key}\`${field.required ? '*' : ''}: `);
        if (field.description) expect(prompt).toContain(field.description);
        for (const option of field.options ?? []) expect(prompt).toContain(option.value);
      }
    }
    expect(submitWorkflowTool().inputSchema).toMatchObject({
      required: ['workflow', 'notes'],
      properties: {
        workflow: {
          properties: { nodes: { additionalProperties: { properties: { type: { enum: NODE_TYPES } } } } },
        },
      },
    });
  });
});

describe('unifiedDiff', () => {
  it('agrees with diff -u on edits at the start, middle and end, insertions, deletions and far-apart hunks', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const cases: Array<[string[], string[]]> = [
      [lines, lines.map((l, i) => (i === 0 ? 'first' : l))],
      [lines, lines.map((l, i) => (i === 20 ? 'changed' : l))],
      [lines, [...lines.slice(0, 10), 'inserted a', 'inserted b', ...lines.slice(10)]],
      [lines, [...lines.slice(0, 5), ...lines.slice(9)]],
      [lines, lines.map((l, i) => (i === 3 || i === 30 ? `${l}!` : l))],
      [lines, lines.map((l, i) => (i === 3 || i === 8 ? `${l}!` : l))],
      [lines, [...lines, 'appended']],
      [['a'], ['b']],
    ];
    const dir = await tempDir();
    for (const [a, b] of cases) {
      const before = `${a.join('\n')}\n`;
      const after = `${b.join('\n')}\n`;
      await writeFile(join(dir, 'a'), before);
      await writeFile(join(dir, 'b'), after);
      let expected = '';
      try {
        execFileSync('diff', ['-u', '--label', 'a/x.json', '--label', 'b/x.json', 'a', 'b'], { cwd: dir });
      } catch (error) {
        expected = String((error as { stdout: Buffer }).stdout);
      }
      expect(unifiedDiff(before, after, 'x.json')).toBe(expected);
    }
    expect(unifiedDiff('same\n', 'same\n', 'x.json')).toBe('');
  });
});
