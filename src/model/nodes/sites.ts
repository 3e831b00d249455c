import { childPath } from '../json-path.js';
import { parseJsonText } from '../json-syntax.js';
import type { WorkflowNode } from '../workflow.js';
import type { ConfigField } from './definition.js';
import { nodeDefinition } from './registry.js';

/**
 * The one place that knows where a node's config holds templates and expressions: it walks
 * the config by the registry's field kinds. Validation checks every site; the compiler
 * compiles every site; neither walks config on its own.
 */
export interface Site {
  /** The config field key, e.g. `fields`. */
  field: string;
  /**
   * Path of the string relative to `config`: `fields.user`, `params[0]`, `headers["X-Key"]`.
   * In a `json-template` field it continues into the parsed JSON (`input.userId`) — see `inJsonText`.
   */
  jsonPath: string;
  kind: 'template' | 'expression';
  text: string;
  /** True when the string sits inside the JSON text of a `json-template` field, not in the file itself. */
  inJsonText?: boolean;
}

/** A `json-template` field whose text is not JSON: where in the text, and why. */
export interface JsonTextError {
  field: string;
  line: number;
  column: number;
  message: string;
}

/** A `secret` field: the name of a secret the node reads. */
export interface SecretRef {
  field: string;
  name: string;
}

export interface ConfigWalk {
  sites: Site[];
  invalidJson: JsonTextError[];
  secrets: SecretRef[];
}

/** Every template and expression site of a node's config, in field order. Unknown types have none. */
export function configSites(node: Pick<WorkflowNode, 'type' | 'config'>): Site[] {
  return walkConfig(node).sites;
}

/** Sites, plus what a walk finds along the way: bad JSON text and named secrets. */
export function walkConfig(node: Pick<WorkflowNode, 'type' | 'config'>): ConfigWalk {
  const walk: ConfigWalk = { sites: [], invalidJson: [], secrets: [] };
  const definition = nodeDefinition(node.type);
  if (!definition) return walk;
  for (const field of definition.fields) {
    if (!Object.hasOwn(node.config, field.key) || !isFieldInUse(field, definition.fields, node.config))
      continue;
    visitField(field, node.config[field.key], walk);
  }
  return walk;
}

/**
 * False for a field hidden by its `showWhen` (an `httpUrl` left over on a local call): the
 * node ignores it, so neither validation nor the compiler looks inside it.
 */
export function isFieldInUse(
  field: ConfigField,
  fields: readonly ConfigField[],
  config: Record<string, unknown>,
): boolean {
  if (!field.showWhen) return true;
  const { key, equals } = field.showWhen;
  const value = Object.hasOwn(config, key) ? config[key] : fields.find((f) => f.key === key)?.default;
  return typeof value === 'string' && equals.includes(value);
}

/** What a `json-template` field holds, decided in one place for validation and the compiler. */
export type JsonTemplate =
  | { kind: 'absent' }
  /** A template value: its strings are templates. `inJsonText` when it came from JSON text. */
  | { kind: 'value'; value: unknown; inJsonText: boolean }
  | { kind: 'invalid'; line: number; column: number; message: string };

/**
 * A `json-template` field's value (DESIGN §5). Missing or blank text is absent. A JSON value
 * written in the file (object, array, number, boolean, null) is the template itself. A
 * string starting with `{{` is one string template — no JSON text starts with `{{`, so
 * `{{ input.result }}` is the value with its type. Any other string is JSON text, parsed.
 */
export function jsonTemplateOf(value: unknown): JsonTemplate {
  if (value === undefined) return { kind: 'absent' };
  if (typeof value !== 'string') return { kind: 'value', value, inJsonText: false };
  const text = value.trim();
  if (text === '') return { kind: 'absent' };
  if (text.startsWith('{{')) return { kind: 'value', value: text, inJsonText: false };
  const parsed = parseJsonText(value);
  return parsed.ok
    ? { kind: 'value', value: parsed.value, inJsonText: true }
    : { kind: 'invalid', line: parsed.line, column: parsed.column, message: parsed.message };
}

function visitField(field: ConfigField, value: unknown, walk: ConfigWalk): void {
  const { key } = field;
  switch (field.kind) {
    case 'template':
    case 'expression':
      if (typeof value === 'string')
        walk.sites.push({ field: key, jsonPath: key, kind: field.kind, text: value });
      return;
    case 'template-map':
    case 'template-list':
      // The shape (object vs list) is the config schema's to check; any JSON value's strings are templates.
      visitJson(value, childPath('', key), key, false, walk.sites);
      return;
    case 'json-template': {
      const template = jsonTemplateOf(value);
      if (template.kind === 'value')
        visitJson(template.value, childPath('', key), key, template.inJsonText, walk.sites);
      else if (template.kind === 'invalid')
        walk.invalidJson.push({
          field: key,
          line: template.line,
          column: template.column,
          message: template.message,
        });
      return;
    }
    case 'secret':
      if (typeof value === 'string' && value !== '') walk.secrets.push({ field: key, name: value });
      return;
    default:
      return;
  }
}

function visitJson(value: unknown, path: string, field: string, inJsonText: boolean, sites: Site[]): void {
  if (typeof value === 'string') {
    const site: Site = { field, jsonPath: path, kind: 'template', text: value };
    sites.push(inJsonText ? { ...site, inJsonText } : site);
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      visitJson(item, childPath(path, index), field, inJsonText, sites);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      visitJson(item, childPath(path, key), field, inJsonText, sites);
    }
  }
}
