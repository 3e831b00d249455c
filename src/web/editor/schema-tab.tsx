import { Braces, Check, Plus, Sparkles, Trash2, X } from 'lucide-react';
import { useState } from 'react';
import { inferSchema } from '../../model/infer-schema.js';
import { type JsonSchema, jsonSchemaIssues } from '../../model/json-schema.js';
import {
  formFromSchema,
  type SchemaFormValue,
  schemaFromForm,
  summarizeSchema,
} from '../../model/schema-form.js';
import { Button, INPUT } from '../components/ui.js';
import { useEditor } from './editor-store.js';
import { useRun } from './run-store.js';
import { SchemaFieldsForm } from './schema-form.js';

type Which = 'inputSchema' | 'outputSchema';

const text = (schema: JsonSchema | undefined) =>
  schema === undefined ? '' : JSON.stringify(schema, null, 2);

/** What is wrong with the raw text: not JSON, not an object, or keywords outside the subset (the model's words). */
function rawProblems(which: Which, raw: string): string[] {
  if (raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return [`Not JSON: ${(error as Error).message}`];
  }
  return jsonSchemaIssues(parsed).map((issue) => {
    const at = [which, ...issue.path].map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
    return `${at.slice(1)}: ${issue.message}`;
  });
}

/**
 * One schema of the open workflow (Input or Output): a form for the common cases, the raw
 * JSON Schema text behind a toggle, and "Infer from last run". Edits go into the editor's
 * workflow (undoable, saved with the canvas). A schema the form cannot show opens as raw JSON.
 */
function SchemaEditor({ which }: { which: Which }) {
  const schema = useEditor((s) => s.base[which]);
  const change = useEditor((s) => s.change);
  const run = useRun((s) => s.run);
  const id = which === 'inputSchema' ? 'input' : 'output';
  const current = text(schema);
  const read = schema === undefined ? null : formFromSchema(schema);
  const [rawWanted, setRawWanted] = useState(false);
  const rawMode = rawWanted || (read !== null && !read.ok);
  // What the user typed, kept while it still stands for the schema in the workflow.
  const [localForm, setLocalForm] = useState<{ form: SchemaFormValue; of: string } | null>(null);
  const [localRaw, setLocalRaw] = useState<{ text: string; of: string } | null>(null);
  const [proposal, setProposal] = useState<JsonSchema | null>(null);

  const write = (next: JsonSchema | undefined, key: string) =>
    change((s) => {
      const base = { ...s.base };
      if (next === undefined) delete base[which];
      else base[which] = next;
      return { ...s, base };
    }, `schema:${which}:${key}`);

  const form = localForm && localForm.of === current ? localForm.form : read?.ok ? read.form : null;
  const formResult = form ? schemaFromForm(form) : null;
  const raw = localRaw && localRaw.of === current ? localRaw.text : current;
  const rawIssues = rawProblems(which, raw);

  const onForm = (next: SchemaFormValue, key: string) => {
    const result = schemaFromForm(next);
    if (result.ok) {
      setLocalForm({ form: next, of: text(result.schema) });
      write(result.schema, `form:${key}`);
    } else setLocalForm({ form: next, of: current });
  };
  const onRaw = (value: string) => {
    if (value.trim() === '') {
      setLocalRaw({ text: value, of: '' });
      write(undefined, 'raw');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      setLocalRaw({ text: value, of: current });
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      setLocalRaw({ text: value, of: current });
      return;
    }
    setLocalRaw({ text: value, of: text(parsed as JsonSchema) });
    write(parsed as JsonSchema, 'raw');
  };

  const source =
    which === 'inputSchema' ? run?.input : run?.trace.status === 'ok' ? run.trace.result : undefined;
  const label = which === 'inputSchema' ? 'Input' : 'Output';
  const from = which === 'inputSchema' ? "the last run's input" : "the last run's result";

  return (
    <section className="space-y-2" data-testid={`${id}-schema`} data-mode={rawMode ? 'raw' : 'form'}>
      <div className="flex items-center gap-2">
        <h3 className="text-sm font-semibold text-slate-800">{label}</h3>
        <span className="flex-1" />
        {schema !== undefined && (
          <label className="flex shrink-0 items-center gap-1 text-xs text-slate-600">
            <input
              type="checkbox"
              checked={rawMode}
              disabled={read !== null && !read.ok}
              onChange={(e) => setRawWanted(e.target.checked)}
              data-testid={`${id}-raw-toggle`}
            />
            <Braces className="size-3.5" aria-hidden /> Raw JSON
          </label>
        )}
      </div>

      {schema !== undefined && (
        <code className="block truncate text-[11px] text-slate-500" data-testid={`${id}-schema-summary`}>
          {summarizeSchema(schema)}
        </code>
      )}
      {schema === undefined && !rawWanted ? (
        <div className="flex flex-wrap items-center gap-2">
          <p className="w-full text-xs text-slate-500">
            No {label.toLowerCase()} schema:{' '}
            {which === 'inputSchema' ? 'any input is accepted' : 'the result is not checked'}.
          </p>
          <Button
            size="sm"
            onClick={() => write({ type: 'object', properties: {} }, 'add')}
            data-testid={`${id}-add-schema`}
          >
            <Plus className="size-3.5" aria-hidden /> Add {label.toLowerCase()} schema
          </Button>
        </div>
      ) : rawMode || schema === undefined ? (
        <div className="space-y-1">
          {read !== null && !read.ok && (
            <p
              className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-800"
              data-testid={`${id}-raw-note`}
            >
              Shown as JSON: {read.reason}.
            </p>
          )}
          <textarea
            aria-label={`${label} schema (JSON)`}
            className={`${INPUT} font-mono text-xs`}
            rows={Math.min(18, Math.max(6, raw.split('\n').length))}
            spellCheck={false}
            value={raw}
            aria-invalid={rawIssues.length > 0 ? true : undefined}
            onChange={(e) => onRaw(e.target.value)}
            data-testid={`${id}-raw`}
          />
          {rawIssues.length > 0 && (
            <ul className="space-y-0.5 text-xs text-red-600" role="alert" data-testid={`${id}-raw-error`}>
              {rawIssues.slice(0, 8).map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
        </div>
      ) : form ? (
        <SchemaFieldsForm
          id={id}
          form={form}
          problems={formResult && !formResult.ok ? formResult.problems : []}
          onChange={onForm}
        />
      ) : null}

      <div className="flex flex-wrap items-center gap-2">
        <Button
          size="sm"
          tone="ghost"
          disabled={source === undefined}
          title={
            source === undefined ? `Run the workflow first: the proposal is built from ${from}.` : undefined
          }
          onClick={() => source !== undefined && setProposal(inferSchema(source))}
          data-testid={`${id}-infer`}
        >
          <Sparkles className="size-3.5" aria-hidden /> Infer from last run
        </Button>
        {schema !== undefined && (
          <Button
            size="sm"
            tone="ghost"
            onClick={() => write(undefined, 'remove')}
            data-testid={`${id}-remove-schema`}
          >
            <Trash2 className="size-3.5" aria-hidden /> Remove
          </Button>
        )}
      </div>

      {proposal && (
        <div
          className="space-y-1.5 rounded-md bg-indigo-50 p-2 ring-1 ring-indigo-200"
          data-testid={`${id}-proposal`}
        >
          <p className="text-xs font-medium text-indigo-900">
            Proposed from {from}
            {schema !== undefined ? ' (replaces the current schema)' : ''}:
          </p>
          <code className="block truncate text-[11px] text-indigo-800">{summarizeSchema(proposal)}</code>
          <pre className="max-h-40 overflow-auto rounded bg-white p-1.5 text-[11px] text-slate-700">
            {text(proposal)}
          </pre>
          <div className="flex gap-2">
            <Button
              size="sm"
              tone="primary"
              onClick={() => {
                write(proposal, 'infer');
                setProposal(null);
              }}
              data-testid={`${id}-accept`}
            >
              <Check className="size-3.5" aria-hidden /> Accept
            </Button>
            <Button size="sm" onClick={() => setProposal(null)} data-testid={`${id}-discard`}>
              <X className="size-3.5" aria-hidden /> Discard
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}

/** The Schema tab: the workflow's inputSchema and outputSchema (DESIGN §12), saved with the workflow. */
export function SchemaTab() {
  return (
    <div className="space-y-5" data-testid="schema-tab">
      <p className="text-xs text-slate-500">
        The generated app checks the input before the first node (400 with every problem) and the result
        before answering (500 on a mismatch). Both appear in its <span className="font-mono">/docs</span>.
      </p>
      <SchemaEditor which="inputSchema" />
      <SchemaEditor which="outputSchema" />
    </div>
  );
}
