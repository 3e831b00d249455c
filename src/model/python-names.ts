/** Every Python 3 keyword, hard and soft: none can name a module, function or variable we emit. */
export const PYTHON_KEYWORDS: readonly string[] = [
  ...['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class'],
  ...['continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global'],
  ...['if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return'],
  ...['try', 'while', 'with', 'yield'],
  // soft keywords: legal names, but confusing ones
  ...['match', 'case', 'type', '_'],
];

/**
 * Names that would shadow something the generated app imports as a package or module
 * (`import runtime`, `from fastapi import …`), or a builtin the generated code calls.
 */
export const RESERVED_MODULE_NAMES: readonly string[] = [
  ...['asyncio', 'fastapi', 'httpx', 'json', 'logging', 'main', 'os', 'runtime', 'shared'],
  ...['starlette', 'sys', 'tests', 'typing', 'uvicorn', 'workflows'],
  // builtins the generated code relies on
  ...['dict', 'input', 'len', 'list', 'object', 'print', 'str'],
];
