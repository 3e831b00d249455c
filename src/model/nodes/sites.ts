import { childPath } from '../json-path.js';
import { parseJsonText } from '../json-syntax.js';
import type { WorkflowNode } from '../workflow.js';
import { nodeDefinition } from './registry.js';
import type { ConfigField } from './types.js';

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

/**
 * The parsed value of a `json-template` field's text, or undefined when it is absent or not
 * JSON. Its strings are templates (DESIGN §5).
 */
export function parseJsonTemplate(text: unknown): { value: unknown } | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const parsed = parseJsonText(text);
  return parsed.ok ? { value: parsed.value } : undefined;
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
      if (typeof value !== 'string' || value.trim() === '') return;
      const parsed = parseJsonText(value);
      if (parsed.ok) visitJson(parsed.value, childPath('', key), key, true, walk.sites);
      else
        walk.invalidJson.push({
          field: key,
          line: parsed.line,
          column: parsed.column,
          message: parsed.message,
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
