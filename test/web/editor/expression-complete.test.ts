import { describe, expect, it } from 'vitest';
import { type CompletionContext, complete } from '../../../src/web/editor/expression-complete.js';

const ctx: CompletionContext = {
  nodes: [
    { id: 'shape', name: 'Shape input' },
    { id: 'extract', name: 'Extract data' },
  ],
  env: ['LOG_LEVEL'],
  secrets: ['API_TOKEN'],
  data: {
    input: { user: 42, kind: 'lookup', 'first name': 'Ada' },
    trigger: { userId: 42 },
    nodes: { extract: { result: { customer: 'User 42', orders: [1, 2] } } },
  },
};

/** Labels offered with the cursor at `|`. */
function labels(text: string, template = true, context = ctx): string[] | null {
  const cursor = text.indexOf('|');
  const got = complete(text.replace('|', ''), cursor, template, context);
  return got ? got.items.map((i) => i.label) : null;
}

describe('expression autocomplete', () => {
  it('offers roots and functions (with their signature) for a word, only inside {{ }} of a template', () => {
    expect(labels('{{ in| }}')).toEqual(['input', 'int', 'join', 'contains', 'min']);
    expect(labels('Hi in|')).toBeNull();
    expect(labels('{{ x }} in|')).toBeNull();
    expect(labels('in|', false)).toEqual(['input', 'int', 'join', 'contains', 'min']);
    const upper = complete('{{ upp', 6, true, ctx)!;
    expect(upper.items[0]).toMatchObject({ label: 'upper', insert: 'upper(', detail: 'upper(text)' });
    expect(complete('{{ no', 5, true, ctx)!.items.map((i) => i.label)).toEqual(['nodes.', 'now']);
  });

  it('offers node ids after nodes., env and secret names after env. and secrets.', () => {
    expect(labels('{{ nodes.| }}')).toEqual(['shape', 'extract']);
    expect(labels('{{ nodes.ex|')).toEqual(['extract']);
    expect(labels('{{ env.|')).toEqual(['LOG_LEVEL']);
    expect(labels('{{ secrets.A|')).toEqual(['API_TOKEN']);
  });

  it("offers the fields seen in the last run: this node's input, the trigger, a node's output", () => {
    expect(labels('{{ input.|')).toEqual(['user', 'kind', 'first name']);
    expect(complete('{{ input.', 9, true, ctx)!.items[2]!.insert).toBe('["first name"]');
    expect(labels('{{ trigger.u|')).toEqual(['userId']);
    expect(labels('{{ nodes.extract.|')).toEqual(['result']);
    expect(labels('{{ nodes.extract.result.|')).toEqual(['customer', 'orders']);
    expect(complete('{{ nodes.extract.result.', 24, true, ctx)!.items.map((i) => i.detail)).toEqual([
      '"User 42"',
      '[2 items]',
    ]);
    expect(labels('{{ input.|', true, { ...ctx, data: null })).toBeNull();
  });

  it('replaces the word being typed and stays quiet inside strings and after values', () => {
    expect(complete('{{ nodes.sh }}', 11, true, ctx)).toMatchObject({ from: 9, to: 11 });
    expect(labels('{{ "in|')).toBeNull();
    expect(labels('{{ split(a, ",").in|')).toBeNull();
    expect(labels('{{ input|')).toBeNull(); // an exact match is not offered again
  });
});
