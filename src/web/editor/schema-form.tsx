import { Plus, Trash2 } from 'lucide-react';
import {
  emptyField,
  FIELD_TYPES,
  type FieldType,
  type FormProblem,
  ITEM_TYPES,
  type ItemType,
  type SchemaField,
  type SchemaFormValue,
} from '../../model/schema-form.js';
import { Button, INPUT } from '../components/ui.js';

/** The shared input look without its full width: the form sizes its inputs itself. */
const SMALL = `${INPUT.replace('block w-full ', '')} min-w-0 px-2 py-1 text-xs`;

/**
 * The Schema tab's form: an object schema as a list of fields (name, type, required,
 * description, enum, min/max or min/max length). Every input reports what is wrong with it
 * right below; the JSON Schema itself is written by the caller (src/model/schema-form.ts).
 */
export function SchemaFieldsForm({
  id,
  form,
  problems,
  onChange,
}: {
  /** Prefix of the inputs' ids (`input` or `output`). */
  id: string;
  form: SchemaFormValue;
  problems: FormProblem[];
  onChange: (form: SchemaFormValue, key: string) => void;
}) {
  const setField = (i: number, patch: Partial<SchemaField>, key: string) =>
    onChange(
      { ...form, fields: form.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) },
      `${i}:${key}`,
    );
  const remove = (i: number) =>
    onChange({ ...form, fields: form.fields.filter((_, j) => j !== i) }, `remove:${i}`);
  const add = () =>
    onChange({ ...form, fields: [...form.fields, emptyField()] }, `add:${form.fields.length}`);

  return (
    <div className="space-y-2" data-testid={`${id}-schema-form`}>
      {form.fields.length === 0 && (
        <p className="text-xs text-slate-500">
          No fields yet: any object is accepted. Add the fields you expect.
        </p>
      )}
      {form.fields.map((field, i) => (
        <FieldRow
          // biome-ignore lint/suspicious/noArrayIndexKey: fields are edited in place; names change while typing
          key={i}
          id={`${id}-field-${i}`}
          field={field}
          problems={problems.filter((p) => p.field === i)}
          onChange={(patch, key) => setField(i, patch, key)}
          onRemove={() => remove(i)}
        />
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <Button size="sm" onClick={add} data-testid={`${id}-add-field`}>
          <Plus className="size-3.5" aria-hidden /> Add field
        </Button>
        <label className="flex items-center gap-1.5 text-xs text-slate-600">
          <input
            type="checkbox"
            checked={form.closed}
            onChange={(e) => onChange({ ...form, closed: e.target.checked }, 'closed')}
          />
          No other fields allowed
        </label>
      </div>
    </div>
  );
}

function FieldRow({
  id,
  field,
  problems,
  onChange,
  onRemove,
}: {
  id: string;
  field: SchemaField;
  problems: FormProblem[];
  onChange: (patch: Partial<SchemaField>, key: string) => void;
  onRemove: () => void;
}) {
  const problem = (input: FormProblem['input']) => problems.find((p) => p.input === input)?.message;
  const numeric = field.type === 'integer' || field.type === 'number';
  const bounded = numeric || field.type === 'string';
  const boundLabel = field.type === 'string' ? 'length' : '';
  const errors = problems.map((p) => p.message);
  return (
    <div
      className="space-y-1.5 rounded-md bg-slate-50 p-2 ring-1 ring-slate-200"
      data-testid="schema-field"
      data-field={field.name}
    >
      <div className="flex items-center gap-1.5">
        <input
          id={`${id}-name`}
          aria-label="Field name"
          className={`${SMALL} min-w-0 flex-1 font-mono`}
          placeholder="name"
          value={field.name}
          aria-invalid={problem('name') ? true : undefined}
          onChange={(e) => onChange({ name: e.target.value }, 'name')}
        />
        <select
          aria-label="Field type"
          className={`${SMALL} w-24 shrink-0`}
          value={field.type}
          onChange={(e) => onChange({ type: e.target.value as FieldType }, 'type')}
        >
          {FIELD_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <label className="flex shrink-0 items-center gap-1 text-xs text-slate-600" title="Required">
          <input
            type="checkbox"
            aria-label="Required"
            checked={field.required}
            onChange={(e) => onChange({ required: e.target.checked }, 'required')}
          />
          req.
        </label>
        <button
          type="button"
          aria-label={`Remove field ${field.name}`}
          className="shrink-0 rounded p-1 text-slate-400 hover:bg-slate-200 hover:text-red-600"
          onClick={onRemove}
        >
          <Trash2 className="size-3.5" aria-hidden />
        </button>
      </div>
      <input
        aria-label="Description"
        className={`${SMALL} w-full`}
        placeholder="description"
        value={field.description}
        onChange={(e) => onChange({ description: e.target.value }, 'description')}
      />
      {field.type === 'array' && (
        <label className="flex items-center gap-1.5 text-xs text-slate-600">
          items
          <select
            aria-label="Item type"
            className={`${SMALL} w-28`}
            value={field.itemType}
            onChange={(e) => onChange({ itemType: e.target.value as ItemType }, 'items')}
          >
            {ITEM_TYPES.map((t) => (
              <option key={t} value={t}>
                {t === '' ? 'any' : t}
              </option>
            ))}
          </select>
        </label>
      )}
      {bounded && (
        <div className="grid grid-cols-[1fr_4.5rem_4.5rem] gap-1.5">
          <input
            aria-label="Allowed values"
            className={`${SMALL} w-full`}
            placeholder={numeric ? 'enum: 1, 2, 3' : 'enum: a, b, c'}
            value={field.enumText}
            aria-invalid={problem('enum') ? true : undefined}
            onChange={(e) => onChange({ enumText: e.target.value }, 'enum')}
          />
          <input
            aria-label={`Min ${boundLabel}`.trim()}
            className={`${SMALL} w-full`}
            inputMode="decimal"
            placeholder={field.type === 'string' ? 'min len' : 'min'}
            value={field.min}
            aria-invalid={problem('min') ? true : undefined}
            onChange={(e) => onChange({ min: e.target.value }, 'min')}
          />
          <input
            aria-label={`Max ${boundLabel}`.trim()}
            className={`${SMALL} w-full`}
            inputMode="decimal"
            placeholder={field.type === 'string' ? 'max len' : 'max'}
            value={field.max}
            aria-invalid={problem('max') ? true : undefined}
            onChange={(e) => onChange({ max: e.target.value }, 'max')}
          />
        </div>
      )}
      {errors.length > 0 && (
        <p className="text-xs text-red-600" role="alert" data-testid="schema-field-error">
          {errors.join(' · ')}
        </p>
      )}
    </div>
  );
}
