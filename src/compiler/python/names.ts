import { slugify } from '../../model/slug.js';

/** Every Python 3 keyword, hard and soft: none can name a module, function or variable we emit. */
export const PYTHON_KEYWORDS: readonly string[] = [
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  // soft keywords: legal names, but confusing ones
  'match',
  'case',
  'type',
  '_',
];

/**
 * Names that would shadow something the generated app imports as a package or module
 * (`import runtime`, `from fastapi import …`), or a builtin the generated code calls.
 */
export const RESERVED_MODULE_NAMES: readonly string[] = [
  'asyncio',
  'fastapi',
  'httpx',
  'json',
  'logging',
  'main',
  'os',
  'runtime',
  'shared',
  'starlette',
  'sys',
  'tests',
  'typing',
  'uvicorn',
  'workflows',
  // builtins the generated code relies on
  'dict',
  'input',
  'len',
  'list',
  'object',
  'print',
  'str',
];

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
