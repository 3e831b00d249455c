import { type ChangeEvent, type KeyboardEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ExpressionError } from '../../model/expressions/ast.js';
import {
  type EvaluationData,
  evaluateExpression,
  evaluateTemplate,
} from '../../model/expressions/evaluate.js';
import { parseExpression } from '../../model/expressions/parser.js';
import { parseTemplate, templateHasExpressions } from '../../model/expressions/template.js';
import { useEditor } from './editor-store.js';
import { type Completion, type CompletionContext, complete } from './expression-complete.js';
import { useRun } from './run-store.js';

export interface ExpressionInputProps {
  id?: string;
  value: string;
  onChange: (text: string) => void;
  onBlur?: () => void;
  /** A template (`Hi {{ input.name }}`) or a bare expression (a condition). */
  template: boolean;
  /** JSON text whose strings are templates (DESIGN §5): completes inside `{{ }}`, previews the whole value. */
  json?: boolean;
  /** Rows of a multi-line field (a textarea); a one-line input when absent. */
  rows?: number;
  /** The node whose field this is: its input is `input` in the last run's data. */
  nodeId: string;
  className: string;
  invalid?: boolean;
  placeholder?: string | undefined;
  'aria-label'?: string;
  'data-testid'?: string;
}

/** What the node's expressions could read in the last run: its input, the trigger, the outputs. */
function useRunData(nodeId: string): CompletionContext['data'] {
  const run = useRun((s) => s.run);
  return useMemo(() => {
    if (!run) return null;
    const nodes: Record<string, unknown> = {};
    for (const n of run.trace.nodes) if (n.status === 'ok') nodes[n.id] = n.output ?? null;
    return {
      input: run.trace.nodes.find((n) => n.id === nodeId)?.input ?? null,
      trigger: run.input,
      nodes,
    };
  }, [run, nodeId]);
}

type Preview = { ok: true; value: unknown } | { ok: false; message: string } | null;

/** A JSON template's value: JSON whose strings are templates, or one whole `{{ expr }}`. */
function evaluateJsonTemplate(text: string, data: EvaluationData): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return evaluateTemplate(parseTemplate(text.trim()), data);
  }
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string')
      return templateHasExpressions(v) ? evaluateTemplate(parseTemplate(v), data) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(parsed);
}

function previewOf(text: string, template: boolean, json: boolean, data: EvaluationData): Preview {
  if (json) {
    if (!templateHasExpressions(text)) return null;
    try {
      return { ok: true, value: evaluateJsonTemplate(text, data) };
    } catch (error) {
      // A template that does not parse is the field's own error; a run-time failure is the preview's.
      return error instanceof ExpressionError ? null : { ok: false, message: (error as Error).message };
    }
  }
  if (template ? !templateHasExpressions(text) : text.trim() === '') return null;
  let parsed: ReturnType<typeof parseTemplate> | ReturnType<typeof parseExpression>;
  try {
    parsed = template ? parseTemplate(text) : parseExpression(text);
  } catch {
    return null; // the field's own error says what is wrong with it
  }
  try {
    const value = template
      ? evaluateTemplate(parsed as ReturnType<typeof parseTemplate>, data)
      : evaluateExpression(parsed as ReturnType<typeof parseExpression>, data);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/**
 * A template or expression field: suggests roots, node ids, functions, env/secret names and
 * the fields of the last run's data as you type (arrows, Enter/Tab, Escape), and previews the
 * value against that run while it has the focus. The preview floats under the field (it takes no
 * room), so focusing or leaving a field never moves what is below it — a click on the next row's
 * button lands where the user aimed.
 */
export function ExpressionInput(props: ExpressionInputProps) {
  const { value, onChange, template, nodeId } = props;
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const pendingCursor = useRef<number | null>(null);
  const [completion, setCompletion] = useState<Completion | null>(null);
  const [active, setActive] = useState(0);
  const [focused, setFocused] = useState(false);
  const editorNodes = useEditor((s) => s.nodes);
  const manifest = useEditor((s) => s.project?.manifest);
  const data = useRunData(nodeId);

  const context: CompletionContext = useMemo(
    () => ({
      nodes: editorNodes.filter((n) => n.id !== nodeId).map((n) => ({ id: n.id, name: n.data.name })),
      env: Object.keys(manifest?.envVars ?? {}),
      secrets: Object.keys(manifest?.secrets ?? {}),
      data,
    }),
    [editorNodes, manifest, data, nodeId],
  );

  const evaluation: EvaluationData | null = useMemo(
    () =>
      data && {
        ...data,
        env: { ...(manifest?.envVars ?? {}) },
        // A preview never shows a secret's value: the studio does not have it.
        secrets: Object.fromEntries(Object.keys(manifest?.secrets ?? {}).map((n) => [n, `[secret ${n}]`])),
      },
    [data, manifest],
  );

  useLayoutEffect(() => {
    if (pendingCursor.current !== null && ref.current) {
      ref.current.setSelectionRange(pendingCursor.current, pendingCursor.current);
      pendingCursor.current = null;
    }
  });

  function suggest(text: string, cursor: number | null) {
    const next = cursor === null ? null : complete(text, cursor, template, context);
    setCompletion(next);
    setActive(0);
  }

  function accept(index: number) {
    if (!completion) return;
    const item = completion.items[index];
    if (!item) return;
    const text = value.slice(0, completion.from) + item.insert + value.slice(completion.to);
    const cursor = completion.from + item.insert.length;
    pendingCursor.current = cursor;
    onChange(text);
    suggest(text, cursor);
  }

  function onKeyDown(e: KeyboardEvent<HTMLElement>) {
    if (!completion) return;
    const count = completion.items.length;
    if (e.key === 'ArrowDown') setActive((active + 1) % count);
    else if (e.key === 'ArrowUp') setActive((active - 1 + count) % count);
    else if (e.key === 'Enter' || e.key === 'Tab') accept(active);
    else if (e.key === 'Escape') setCompletion(null);
    else return;
    e.preventDefault();
    e.stopPropagation();
  }

  const preview = focused && evaluation ? previewOf(value, template, props.json === true, evaluation) : null;
  const hasExpression = template ? templateHasExpressions(value) : value.trim() !== '';
  const noRunYet = focused && !evaluation && hasExpression;
  const listId = `${props.id ?? nodeId}-suggestions`;
  const control = {
    ref,
    id: props.id,
    className: props.className,
    'aria-invalid': props.invalid || undefined,
    'aria-label': props['aria-label'],
    placeholder: props.placeholder,
    'data-testid': props['data-testid'],
    spellCheck: false,
    autoComplete: 'off',
    role: 'combobox',
    'aria-expanded': completion !== null,
    'aria-controls': listId,
    'aria-autocomplete': 'list' as const,
    'aria-activedescendant': completion ? `${listId}-${active}` : undefined,
    value,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      onChange(e.target.value);
      suggest(e.target.value, e.target.selectionStart);
    },
    onKeyDown,
    onFocus: () => setFocused(true),
    onBlur: () => {
      setFocused(false);
      setCompletion(null);
      props.onBlur?.();
    },
  };
  return (
    <div className="relative">
      {props.rows === undefined ? <input {...control} /> : <textarea rows={props.rows} {...control} />}
      {completion && (
        <div
          id={listId}
          role="listbox"
          data-testid="expr-suggestions"
          className="absolute left-0 top-full z-30 mt-1 max-h-64 w-max min-w-full max-w-72 overflow-y-auto rounded-md bg-white py-1 text-xs shadow-lg ring-1 ring-slate-200"
        >
          {completion.items.map((item, i) => (
            <div
              key={`${item.kind}:${item.label}`}
              id={`${listId}-${i}`}
              tabIndex={-1}
              role="option"
              aria-selected={i === active}
              data-kind={item.kind}
              className={`flex cursor-pointer items-baseline gap-2 px-2 py-1 ${i === active ? 'bg-indigo-50 text-indigo-900' : 'text-slate-800'}`}
              onMouseDown={(e) => {
                e.preventDefault(); // keep the focus in the field
                accept(i);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className="font-mono font-medium">{item.label}</span>
              <span className="min-w-0 flex-1 truncate text-right text-[11px] text-slate-500">
                {item.detail}
              </span>
            </div>
          ))}
        </div>
      )}
      {noRunYet && (
        <p
          data-testid="expr-preview-none"
          className="absolute left-0 right-0 top-full z-20 mt-1 rounded bg-white px-1.5 py-0.5 text-[11px] text-slate-400 shadow-sm ring-1 ring-slate-200"
        >
          Run the workflow (Run tab) to preview this value.
        </p>
      )}
      {preview && (
        <p
          data-testid="expr-preview"
          data-ok={preview.ok ? 'true' : 'false'}
          className={`absolute left-0 right-0 top-full z-20 mt-1 truncate rounded bg-slate-50 px-1.5 py-0.5 font-mono text-[11px] shadow-sm ring-1 ring-slate-200 ${preview.ok ? 'text-slate-600' : 'text-amber-700'}`}
          title="The value against the last run's data"
        >
          {preview.ok
            ? `= ${JSON.stringify(preview.value ?? null)}`
            : `Would fail with the last run's data: ${preview.message}`}
        </p>
      )}
    </div>
  );
}
