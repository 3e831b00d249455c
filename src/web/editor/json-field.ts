/**
 * The text a `json-template` field shows and the value it saves (DESIGN §5: the field holds
 * any JSON value). An object or array in the file shows as its JSON text, pretty-printed;
 * while the field keeps that form, edited text that is a JSON object or array is saved as
 * the value again, so the file keeps its shape. Anything else (text that does not parse
 * yet, a JSON string, `{{ expr }}`) is saved as text, which means the same.
 */
export function jsonFieldText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

/** True when the file holds the field as a JSON value rather than as text. */
export function isJsonValueForm(value: unknown): boolean {
  return value !== undefined && typeof value !== 'string';
}

/** The value to save for `text`; `valueForm` is whether the field held a JSON value when editing began. */
export function jsonFieldValue(text: string, valueForm: boolean): unknown {
  if (text.trim() === '') return undefined;
  if (!valueForm) return text;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : text;
  } catch {
    return text;
  }
}
