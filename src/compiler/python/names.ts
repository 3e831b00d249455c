import { PYTHON_KEYWORDS, RESERVED_MODULE_NAMES } from '../../model/python-names.js';
import { slugify } from '../../model/slug.js';

export { PYTHON_KEYWORDS, RESERVED_MODULE_NAMES };

const KEYWORDS = new Set(PYTHON_KEYWORDS);
const RESERVED = new Set(RESERVED_MODULE_NAMES);

/** Any text as a Python identifier: non-identifier characters become `_`, a leading digit gets `_`. */
export function identifierOf(text: string): string {
  let name = text.replace(/[^A-Za-z0-9_]+/g, '_');
  if (name === '') name = '_';
  if (/^[0-9]/.test(name)) name = `_${name}`;
  return name;
}

/** Keywords and names that matter to the app get a `_` suffix. */
export function keywordSafe(name: string, reserved: ReadonlySet<string> = RESERVED): string {
  return KEYWORDS.has(name) || reserved.has(name) ? `${name}_` : name;
}

/**
 * Hands out unique names: the first `foo` stays `foo`, the next ones become `foo_2`,
 * `foo_3`, … Callers ask in a stable order (e.g. by workflow id), so names are stable too.
 */
export class NameResolver {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name);
  }

  claim(base: string): string {
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }
}

/** Module (and `execute_<name>`) name of a workflow: its slug, keyword-safe. */
export function workflowModuleBase(workflowName: string): string {
  return keywordSafe(identifierOf(slugify(workflowName)));
}

/** Function name of a node inside its workflow module. */
export function nodeFunctionBase(nodeId: string): string {
  return `node_${identifierOf(nodeId)}`;
}
