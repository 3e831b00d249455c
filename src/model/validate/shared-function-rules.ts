import type { SharedFunction } from '../project.js';
import type { Problem, Project } from '../project-files.js';
import { PYTHON_KEYWORDS, RESERVED_MODULE_NAMES } from '../python-names.js';
import { manifestProblem } from './problem.js';

/** One thing wrong with a shared function, on the field it concerns, in words a user can act on. */
export interface SharedFunctionIssue {
  field: 'name' | 'code';
  message: string;
}

const KEYWORDS = new Set(PYTHON_KEYWORDS);
/** Also `context`: a code node's function has it in scope, and an import would be hidden by it. */
const RESERVED = new Set([...RESERVED_MODULE_NAMES, 'context']);

/**
 * What would break the generated app at import time: a name that is not an identifier, a
 * keyword, a name hiding a module or builtin the app uses, two functions of one name (in
 * `all`, the project's functions), empty code, or code that never defines the name.
 */
export function sharedFunctionIssues(
  fn: Pick<SharedFunction, 'id' | 'name' | 'code'>,
  all: Readonly<Record<string, Pick<SharedFunction, 'id' | 'name'>>>,
): SharedFunctionIssue[] {
  const { name, code } = fn;
  const issues: SharedFunctionIssue[] = [];
  const name_ = (message: string) => issues.push({ field: 'name', message });
  if (name === '') name_('Give the function a name, e.g. format_date.');
  else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    name_(
      `"${name}" is not a Python function name: use letters, digits and _ only, not starting with a digit (e.g. ${suggestion(name)}).`,
    );
  } else if (KEYWORDS.has(name))
    name_(`"${name}" is a Python keyword: choose another name, e.g. ${name}_fn.`);
  else if (RESERVED.has(name)) {
    name_(
      `"${name}" would hide ${name === 'context' ? "the code node's own context" : `the module or builtin ${name}`} in the generated app: choose another name, e.g. ${name}_fn.`,
    );
  } else if (Object.values(all).some((f) => f.id !== fn.id && f.name === name)) {
    name_(`Another shared function is already named ${name}: choose another name.`);
  }
  if (code.trim() === '') {
    issues.push({
      field: 'code',
      message: `The code is empty: define the function, e.g. def ${name || 'format_date'}(value):`,
    });
  } else if (name !== '' && !definesName(code, name)) {
    issues.push({
      field: 'code',
      message: `The code does not define ${name}: it needs a line "def ${name}(…):" that starts at the left margin (not indented).`,
    });
  }
  return issues;
}

/** Every shared function of catalyst.json passes `sharedFunctionIssues`. */
export function sharedFunctionsValid(project: Project): Problem[] {
  const all = project.manifest.sharedFunctions;
  return Object.entries(all).flatMap(([key, fn]) =>
    sharedFunctionIssues(fn, all).map((issue) =>
      manifestProblem(
        ['sharedFunctions', key, issue.field],
        `Shared function '${fn.name}': ${issue.message}`,
      ),
    ),
  );
}

/** A top-level `def name(`, `async def name(`, `class name` or `name = …` in `code`. */
function definesName(code: string, name: string): boolean {
  return new RegExp(
    `^(?:(?:async[ \\t]+)?def[ \\t]+${name}[ \\t]*\\(|class[ \\t]+${name}\\b|${name}[ \\t]*(?::[^=\\n]*)?=(?!=))`,
    'm',
  ).test(code);
}

function suggestion(name: string): string {
  const id = name
    .trim()
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (id === '') return 'format_date';
  return /^[0-9]/.test(id) ? `fn_${id}` : id;
}
