import { FUNCTIONS } from '../../model/expressions/functions.js';

/**
 * Autocomplete for expression and template fields (DESIGN §13): roots, node ids after
 * `nodes.`, the function library with its signatures, the project's env and secret names, and
 * the fields seen in the last run's data. Pure: the input component asks it at each keystroke.
 */

export interface Suggestion {
  /** What the list shows. */
  label: string;
  /** What replaces the word being typed (from `from` to the cursor). */
  insert: string;
  /** A hint beside it: a signature, a node's name, a value seen in the last run. */
  detail: string;
  kind: 'root' | 'node' | 'function' | 'env' | 'secret' | 'field';
}

export interface CompletionContext {
  /** Node id → name, the nodes this node may read (any other node of the workflow). */
  nodes: ReadonlyArray<{ id: string; name: string }>;
  env: readonly string[];
  secrets: readonly string[];
  /** The last run's data, when there is one: this node's input, the trigger, each node's output. */
  data: { input: unknown; trigger: unknown; nodes: Readonly<Record<string, unknown>> } | null;
}

export interface Completion {
  /** Where the replaced word starts in the field's text. */
  from: number;
  to: number;
  items: Suggestion[];
}

const ROOTS: Suggestion[] = [
  { label: 'input', insert: 'input', detail: "this node's input", kind: 'root' },
  { label: 'trigger', insert: 'trigger', detail: "the workflow's input", kind: 'root' },
  { label: 'nodes.', insert: 'nodes.', detail: "a finished node's output", kind: 'root' },
  { label: 'env.', insert: 'env.', detail: 'an env var of the project', kind: 'root' },
  { label: 'secrets.', insert: 'secrets.', detail: 'a secret of the project', kind: 'root' },
];

/** The expression text before the cursor, or null when the cursor is not inside one. */
function expressionBefore(text: string, cursor: number, template: boolean): string | null {
  const before = text.slice(0, cursor);
  if (!template) return before;
  const open = before.lastIndexOf('{{');
  if (open === -1 || before.indexOf('}}', open) !== -1) return null;
  return before.slice(open + 2);
}

/** A value as a short hint: `42`, `"User 42"`, `{3 keys}`, `[3 items]`. */
export function shortValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  if (value !== null && typeof value === 'object') {
    const n = Object.keys(value).length;
    return `{${n} key${n === 1 ? '' : 's'}}`;
  }
  const text = JSON.stringify(value ?? null);
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}

function descend(value: unknown, steps: readonly string[]): unknown {
  let current = value;
  for (const step of steps) {
    if (Array.isArray(current) && /^\d+$/.test(step)) current = current[Number(step)];
    else if (current !== null && typeof current === 'object' && !Array.isArray(current))
      current = Object.hasOwn(current, step) ? (current as Record<string, unknown>)[step] : undefined;
    else return undefined;
  }
  return current;
}

function fieldsOf(value: unknown): Suggestion[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).map(([key, v]) => ({
    label: key,
    insert: /^[A-Za-z_][\w-]*$/.test(key) ? key : `["${key.replace(/["\\]/g, '\\$&')}"]`,
    detail: shortValue(v),
    kind: 'field' as const,
  }));
}

/** Prefix matches first (in their own order), then the ones that merely contain the word. */
function rank(items: Suggestion[], word: string): Suggestion[] {
  const w = word.toLowerCase();
  const starts = items.filter((s) => s.label.toLowerCase().startsWith(w));
  const inside = items.filter(
    (s) => !s.label.toLowerCase().startsWith(w) && s.label.toLowerCase().includes(w),
  );
  return [...starts, ...inside].filter((s) => s.insert !== word);
}

/**
 * What to offer at `cursor` in `text`. `template`: the field is a template, so only the inside
 * of `{{ … }}` completes; otherwise (a condition) the whole text is the expression.
 */
export function complete(
  text: string,
  cursor: number,
  template: boolean,
  ctx: CompletionContext,
): Completion | null {
  const expression = expressionBefore(text, cursor, template);
  if (expression === null) return null;
  // Inside a string literal nothing completes.
  const quotes = expression.replace(/\\./g, '').match(/["']/g)?.length ?? 0;
  if (quotes % 2 === 1) return null;
  const tail = /(?:[A-Za-z_][\w-]*\.)*(?:[A-Za-z_][\w-]*)?$/.exec(expression)?.[0] ?? '';
  if (tail === '') return null;
  const steps = tail.split('.');
  const word = steps.at(-1)!;
  const from = cursor - word.length;
  // `input.` right after a value (`)`, `]`) is an access on it, not a root: nothing to offer.
  const charBefore = expression.slice(0, expression.length - tail.length).at(-1) ?? '';
  if (/[\w.\])"']/.test(charBefore) && steps.length === 1 && word !== '') return null;

  let items: Suggestion[];
  if (steps.length === 1) {
    if (word === '') return null;
    const functions = [...FUNCTIONS.values()].map((fn) => ({
      label: fn.name,
      insert: `${fn.name}(`,
      detail: fn.signature,
      kind: 'function' as const,
    }));
    items = rank([...ROOTS, ...functions], word);
  } else {
    const [root, ...rest] = steps;
    const inner = rest.slice(0, -1);
    if ((root === 'nodes' || root === 'output') && inner.length === 0) {
      items = ctx.nodes.map((n) => ({ label: n.id, insert: n.id, detail: n.name, kind: 'node' as const }));
    } else if ((root === 'env' || root === 'secrets') && inner.length === 0) {
      const names = root === 'env' ? ctx.env : ctx.secrets;
      items = names.map((n) => ({
        label: n,
        insert: n,
        detail: root === 'env' ? 'env var' : 'secret',
        kind: root === 'env' ? ('env' as const) : ('secret' as const),
      }));
    } else if (ctx.data && root === 'input') {
      items = fieldsOf(descend(ctx.data.input, inner));
    } else if (ctx.data && root === 'trigger') {
      items = fieldsOf(descend(ctx.data.trigger, inner));
    } else if (ctx.data && (root === 'nodes' || root === 'output')) {
      const [id, ...within] = inner;
      items = fieldsOf(descend(ctx.data.nodes[id!], within));
    } else items = [];
    items = rank(items, word);
  }
  return items.length === 0 ? null : { from, to: cursor, items: items.slice(0, 12) };
}
