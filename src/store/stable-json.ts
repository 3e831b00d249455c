/**
 * How every file Catalyst writes is serialised: 2-space JSON with a trailing newline.
 * Key order is whatever the value has — callers parse through the zod schema first
 * (zod 4 emits object keys in schema order, records in their loaded order), so saving an
 * unchanged project yields byte-identical files and diffs stay small.
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
