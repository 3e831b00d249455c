import type { z } from 'zod';
import { jsonPath } from '../json-path.js';
import type { Problem } from '../project-files.js';

type Issue = z.core.$ZodIssue;

/**
 * Turns zod issues into problems whose words a user can act on. zod's own messages
 * ("Invalid input: expected string, received undefined") are rewritten to name the field
 * and what to write; messages our schemas set themselves are kept. One problem per path:
 * a second issue at the same place only repeats the first.
 */
export function schemaProblems(
  issues: readonly Issue[],
  input: unknown,
  context: {
    file: string;
    /** Where `input` sits in the file, e.g. `['nodes', 'lookup', 'config']`. */
    prefix?: ReadonlyArray<PropertyKey>;
    messagePrefix?: string;
    /** Extra fields for the problem of an issue at `path` (relative to `input`): workflowId, nodeId, field. */
    tag?: (path: ReadonlyArray<PropertyKey>) => Partial<Problem>;
  },
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const segments = [...(context.prefix ?? []), ...issue.path];
    const path = jsonPath(segments);
    if (seen.has(path)) continue;
    seen.add(path);
    const message = describeIssue(issue, valueAt(input, issue.path), keyOf(segments));
    problems.push({
      ...context.tag?.(issue.path),
      file: context.file,
      path,
      message: `${context.messagePrefix ?? ''}${message}`,
    });
  }
  return problems;
}

const ZOD_DEFAULT_RE =
  /^(Invalid input|Invalid option|Too small|Too big|Invalid ISO|Invalid URL|Invalid string|Invalid key in record|Invalid element|Unrecognized key)/;

export function describeIssue(issue: Issue, value: Missing | unknown, key: string | undefined): string {
  const subject = key === undefined ? 'The file' : `'${key}'`;
  // A message our schema wrote on purpose (e.g. "Timeout must be at most 300 s") says it best.
  if (!ZOD_DEFAULT_RE.test(issue.message) || issue.code === 'custom') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (value === MISSING) return `Missing required field ${subject}: add ${noun(issue.expected)}`;
      if (key === undefined) return `The file must hold ${noun(issue.expected)}, not ${kindOf(value)}`;
      return `${subject} must be ${noun(issue.expected)}, not ${kindOf(value)}`;
    case 'invalid_value': {
      const options = issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      if (key === 'schemaVersion') {
        return `Unsupported schemaVersion ${JSON.stringify(value)}: this version of Catalyst reads schemaVersion ${options.join(', ')}`;
      }
      const allowed = options.length === 1 ? options[0] : `one of ${options.join(', ')}`;
      if (value === MISSING) return `Missing required field ${subject}: use ${allowed}`;
      return `${subject} must be ${allowed}, not ${JSON.stringify(value)}`;
    }
    case 'invalid_format':
      if (issue.format === 'url') return `${subject} must be a URL, e.g. https://example.com`;
      if (issue.format === 'datetime')
        return `${subject} must be an ISO date-time, e.g. 2026-01-05T10:00:00.000Z`;
      return `${subject} is not a valid ${issue.format}`;
    case 'too_small':
      return `${subject} ${bound('at least', issue.origin, issue.minimum, issue.inclusive)}`;
    case 'too_big':
      return `${subject} ${bound('at most', issue.origin, issue.maximum, issue.inclusive)}`;
    case 'invalid_key': {
      const inner = issue.issues[0]?.message ?? 'invalid key';
      const split = /^(Invalid [^:]+): (.*)$/.exec(inner);
      return split ? `${split[1]} '${key}': ${split[2]}` : `Invalid key '${key}': ${inner}`;
    }
    case 'unrecognized_keys':
      return `Unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}: remove ${issue.keys.length > 1 ? 'them' : 'it'}`;
    default:
      return `${subject} is not valid: ${issue.message}`;
  }
}

function bound(
  word: 'at least' | 'at most',
  origin: string,
  limit: number | bigint,
  inclusive?: boolean,
): string {
  const n = Number(limit);
  if (origin === 'string') {
    if (word === 'at least' && n === 1) return 'must not be empty';
    return `must be ${word} ${n} characters long`;
  }
  if (origin === 'array' || origin === 'set') return `must have ${word} ${n} item${n === 1 ? '' : 's'}`;
  if (inclusive === false) return `must be ${word === 'at least' ? 'greater' : 'less'} than ${n}`;
  return `must be ${word} ${n}`;
}

const MISSING = Symbol('missing');
type Missing = typeof MISSING;

/** The raw value at `path`, or MISSING when some key on the way is absent. */
function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return MISSING;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function keyOf(segments: ReadonlyArray<PropertyKey>): string | undefined {
  for (let i = segments.length - 1; i >= 0; i--) {
    const key = segments[i];
    if (typeof key === 'string')
      return typeof segments[i + 1] === 'number' ? `${key}[${String(segments[i + 1])}]` : key;
  }
  return undefined;
}

function noun(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'object':
    case 'record':
      return 'an object';
    case 'array':
      return 'a list';
    default:
      return `a value of type ${expected}`;
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value)}`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
