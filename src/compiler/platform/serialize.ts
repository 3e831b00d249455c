import { stringify as tomlStringify } from 'smol-toml';
import { Document, isScalar, parseDocument, visit } from 'yaml';

/**
 * The one place config objects become text. Objects are built with their keys in the
 * order we want to read them; the serialisers keep insertion order, so output is stable.
 */

/**
 * YAML as every platform parses it. Kubernetes and several CLIs still read YAML 1.1, where
 * `on`, `yes`, `0o17` or `1_000` are not strings — so any string that would read back as
 * something else under 1.1 or 1.2 is double-quoted.
 */
export function toYaml(value: unknown, header?: string): string {
  // No anchors/aliases: shared sub-objects (one probe used twice) are written out in full.
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && isAmbiguous(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  if (header !== undefined) doc.commentBefore = ` ${header}`;
  return escapeRawBreaks(doc.toString({ lineWidth: 0 }));
}

/**
 * Characters that YAML 1.1 parsers read as line breaks (NEL, LS, PS) or that a reader may
 * drop (DEL, C1 controls, BOM) — the library escapes only C0 controls. Strings holding
 * them are double-quoted (see `isAmbiguous`), so here they sit inside double quotes,
 * where the YAML escapes below mean exactly these characters.
 */
const RAW_ESCAPES: Record<string, string> = {
  '\u0085': '\\N',
  '\u2028': '\\L',
  '\u2029': '\\P',
  '\ufeff': '\\uFEFF',
};
function escapeRawBreaks(text: string): string {
  return text.replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (c) => RAW_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function isAmbiguous(text: string): boolean {
  if (/[\p{Cc}\u2028\u2029\ufeff]/u.test(text)) return true;
  for (const version of ['1.1', '1.2'] as const) {
    // `%x` reads as a directive, `*x` as an unknown alias, `!x` as a tag, `a\n---\nb` as two
    // documents: text that does not read back cleanly on its own is quoted.
    const doc = parseDocument(text, { version, logLevel: 'silent' });
    if (doc.errors.length > 0 || doc.warnings.length > 0) return true;
    if (!isScalar(doc.contents) || doc.contents.value !== text) return true;
  }
  return false;
}

/** Several YAML documents in one file (Kubernetes manifests). */
export function toYamlDocuments(values: readonly unknown[], header?: string): string {
  return values.map((v, i) => toYaml(v, i === 0 ? header : undefined)).join('---\n');
}

export function toToml(value: Record<string, unknown>, header?: string): string {
  const body = tomlStringify(value);
  return (header === undefined ? '' : `# ${header}\n\n`) + body + (body.endsWith('\n') ? '' : '\n');
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
