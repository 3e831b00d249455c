import { Plus, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { ConfigField } from '../../model/nodes/definition.js';
import { INPUT } from '../components/ui.js';
import { ExpressionInput } from './expression-input.js';
import type { EditorProject } from './inline-problems.js';
import { isJsonValueForm, jsonFieldText, jsonFieldValue } from './json-field.js';

const MONO = `${INPUT} font-mono text-xs`;
/**
 * Rows of the map and list editors: a grid, so at the inspector's 320 px both the name and the
 * value keep a readable width (2 : 3, never under 5 rem) and the remove button stays inside.
 */
const MAP_ROW = 'grid grid-cols-[minmax(5rem,2fr)_minmax(5rem,3fr)_auto] items-start gap-1.5';
const LIST_ROW = 'grid grid-cols-[1.5rem_minmax(5rem,1fr)_auto] items-center gap-1.5';

export interface FieldInputProps {
  id: string;
  field: ConfigField;
  value: unknown;
  invalid: boolean;
  project: EditorProject;
  /** The workflow being edited: it is not offered as a call target of itself. */
  workflowId: string;
  /** The node the field belongs to: its last-run data feeds autocomplete and preview. */
  nodeId: string;
  onChange: (value: unknown) => void;
  /** The user left the field: its problems may show now. */
  onTouch?: () => void;
}

const asText = (v: unknown) =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
/** An emptied text field is removed from the config, so the node falls back to its default. */
const orUndefined = (s: string) => (s === '' ? undefined : s);

/** One config field, drawn by its registry kind. */
export function FieldInput({
  id,
  field,
  value,
  invalid,
  project,
  workflowId,
  nodeId,
  onChange,
  onTouch,
}: FieldInputProps) {
  const aria = { id, 'aria-invalid': invalid || undefined, placeholder: field.placeholder };
  switch (field.kind) {
    case 'text':
      return (
        <input
          {...aria}
          className={INPUT}
          value={asText(value)}
          onChange={(e) => onChange(orUndefined(e.target.value))}
        />
      );
    case 'expression':
    case 'template':
      return (
        <ExpressionInput
          id={id}
          className={MONO}
          invalid={invalid}
          placeholder={field.placeholder}
          template={field.kind === 'template'}
          nodeId={nodeId}
          value={asText(value)}
          onChange={(text) => onChange(orUndefined(text))}
          onBlur={onTouch}
        />
      );
    case 'json-template':
      return <JsonTemplateInput aria={aria} nodeId={nodeId} value={value} onChange={onChange} />;
    case 'textarea':
    case 'code':
      return (
        <textarea
          {...aria}
          className={field.kind === 'textarea' ? INPUT : MONO}
          rows={field.kind === 'code' ? 8 : 4}
          spellCheck={false}
          value={asText(value)}
          onChange={(e) => onChange(orUndefined(e.target.value))}
        />
      );
    case 'number':
      return (
        <input
          {...aria}
          type="number"
          className={INPUT}
          min={field.min}
          max={field.max}
          value={typeof value === 'number' ? value : asText(value)}
          placeholder={field.default === undefined ? undefined : String(field.default)}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'select':
      return (
        <select
          {...aria}
          className={INPUT}
          value={asText(value ?? field.default)}
          onChange={(e) => onChange(e.target.value)}
        >
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'secret': {
      const names = Object.keys(project.manifest.secrets);
      const current = asText(value);
      return (
        <select
          {...aria}
          className={INPUT}
          value={current}
          onChange={(e) => onChange(orUndefined(e.target.value))}
        >
          <option value="">
            {names.length === 0 ? 'No secrets yet: add one in Settings' : 'Choose a secret…'}
          </option>
          {current !== '' && !names.includes(current) && (
            <option value={current}>{current} (not declared)</option>
          )}
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      );
    }
    case 'workflow': {
      const targets = project.manifest.deploymentTargets;
      const others = project.workflows.filter((w) => w.workflow.id !== workflowId);
      const current = asText(value);
      return (
        <select
          {...aria}
          className={INPUT}
          value={current}
          onChange={(e) => onChange(orUndefined(e.target.value))}
        >
          <option value="">Choose a workflow…</option>
          {current !== '' && !others.some((w) => w.workflow.id === current) && (
            <option value={current}>{current} (missing)</option>
          )}
          {others.map(({ workflow: w }) => (
            <option key={w.id} value={w.id}>
              {w.name} · {w.visibility} · {targets[w.deploymentTargetId]?.name ?? w.deploymentTargetId}
            </option>
          ))}
        </select>
      );
    }
    case 'template-map':
      return <TemplateMap id={id} value={value} nodeId={nodeId} onChange={onChange} onTouch={onTouch} />;
    case 'template-list':
      return <TemplateList id={id} value={value} onChange={onChange} />;
  }
}

/**
 * A json-template field. It keeps its own text, so typing is never re-formatted under the
 * cursor when an object in the file is saved back as an object (see json-field.ts); a
 * change from outside (undo, another tab) replaces the text.
 */
function JsonTemplateInput({
  aria,
  nodeId,
  value,
  onChange,
}: {
  aria: { id: string; 'aria-invalid': true | undefined; placeholder: string | undefined };
  nodeId: string;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const [text, setText] = useState(() => jsonFieldText(value));
  const valueForm = useRef(isJsonValueForm(value));
  const sent = useRef(value);
  useEffect(() => {
    // Deep-equal too: a reloaded model brings equal values in new objects.
    if (value === sent.current || JSON.stringify(value) === JSON.stringify(sent.current)) return;
    sent.current = value;
    valueForm.current = isJsonValueForm(value);
    setText(jsonFieldText(value));
  }, [value]);
  return (
    <ExpressionInput
      id={aria.id}
      invalid={aria['aria-invalid'] === true}
      placeholder={aria.placeholder}
      className={MONO}
      rows={4}
      template
      json
      nodeId={nodeId}
      value={text}
      onChange={(next) => {
        setText(next);
        const saved = jsonFieldValue(next, valueForm.current);
        sent.current = saved;
        onChange(saved);
      }}
    />
  );
}

function TemplateMap({
  id,
  value,
  nodeId,
  onChange,
  onTouch,
}: {
  id: string;
  value: unknown;
  nodeId: string;
  onChange: (v: unknown) => void;
  onTouch: (() => void) | undefined;
}) {
  const entries = Object.entries(
    value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {},
  );
  const write = (next: Array<[string, unknown]>) => onChange(Object.fromEntries(next));
  const freeKey = () => {
    for (let i = entries.length + 1; ; i++) if (!entries.some(([k]) => k === `field${i}`)) return `field${i}`;
  };
  return (
    <div id={id} className="space-y-1.5" data-testid="template-map">
      {entries.map(([key, v], i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions; keying by name would drop focus while the name is typed
        <div key={i} className={MAP_ROW}>
          <input
            aria-label="Name"
            className={`${MONO} min-w-0`}
            value={key}
            data-testid={`map-key-${i}`}
            onChange={(e) => {
              const name = e.target.value;
              if (entries.some(([k], j) => j !== i && k === name)) return; // a second key with that name would vanish
              write(entries.map(([k, old], j) => (j === i ? [name, old] : [k, old])));
            }}
          />
          <div className="min-w-0">
            <ExpressionInput
              aria-label={`Value of ${key}`}
              className={MONO}
              template
              nodeId={nodeId}
              value={asText(v)}
              data-testid={`map-value-${i}`}
              onChange={(text) => write(entries.map(([k, old], j) => (j === i ? [k, text] : [k, old])))}
              onBlur={onTouch}
            />
          </div>
          <button
            type="button"
            aria-label={`Remove ${key}`}
            className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
            onClick={() => write(entries.filter((_, j) => j !== i))}
          >
            <X className="size-3.5" />
          </button>
        </div>
      ))}
      <button
        type="button"
        className="flex items-center gap-1 text-xs font-medium text-indigo-600 hover:text-indigo-500"
        onClick={() => write([...entries, [freeKey(), '']])}
      >
        <Plus className="size-3.5" aria-hidden /> Add field
      </button>
    </div>
  );
}

function TemplateList({
  id,
  value,
  onChange,
}: {
  id: string;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const items = Array.isArray(value) ? value : [];
  return (
    <div id={id} className="space-y-1.5">
      {items.map((v, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: parameters are positional ($1, $2…)
        <div key={i} className={LIST_ROW}>
          <span className="text-right font-mono text-xs text-slate-400">${i + 1}</span>
          <input
            aria-label={`Parameter ${i + 1}`}
            className={`${MONO} min-w-0`}
            value={asText(v)}
            onChange={(e) => onChange(items.map((old, j) => (j === i ? e.target.value : old)))}
          />
          <button
            type="button"
            aria-label={`Remove parameter ${i + 1}`}
            className="rounded p-1 text-slate-400 hover:bg-slate-100"
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            <X className="size-3.5" />
          </button>
        </div>
      ))}
      <button
        type="button"
        className="flex items-center gap-1 text-xs font-medium text-indigo-600 hover:text-indigo-500"
        onClick={() => onChange([...items, ''])}
      >
        <Plus className="size-3.5" aria-hidden /> Add parameter
      </button>
    </div>
  );
}
