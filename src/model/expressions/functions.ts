/**
 * The fixed function library of expressions (DESIGN §5): nothing else is callable. The
 * parser checks every call's name and argument count against this table, so a mistake is
 * a validation error; the compiler maps each name to its runtime helper. What each function
 * does is written in runtime/expressions.py and the README's expressions table.
 */
export interface FunctionSpec {
  name: string;
  /** How a call is written, for messages: `split(text, separator)`. */
  signature: string;
  minArgs: number;
  /** `Infinity` for `min(...)` and `max(...)`. */
  maxArgs: number;
}

function spec(signature: string): FunctionSpec {
  const match = /^(\w+)\((.*)\)$/.exec(signature)!;
  const params = match[2] === '' ? [] : match[2]!.split(', ');
  const variadic = params.some((p) => p.endsWith('...'));
  return {
    name: match[1]!,
    signature,
    minArgs: params.filter((p) => !p.endsWith('?') && !p.endsWith('...')).length,
    maxArgs: variadic ? Number.POSITIVE_INFINITY : params.length,
  };
}

export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(
  [
    'len(value)',
    'lower(text)',
    'upper(text)',
    'trim(text)',
    'split(text, separator)',
    'join(list, separator)',
    'replace(text, old, new)',
    'contains(haystack, needle)',
    'startsWith(text, prefix)',
    'endsWith(text, suffix)',
    'round(number, digits?)',
    'floor(number)',
    'ceil(number)',
    'abs(number)',
    'min(value, more...)',
    'max(value, more...)',
    'sum(list)',
    'int(value)',
    'float(value)',
    'str(value)',
    'bool(value)',
    'keys(object)',
    'values(object)',
    'json(value)',
    'parseJson(text)',
    'now()',
    'default(value, fallback)',
  ].map((signature) => {
    const fn = spec(signature);
    return [fn.name, fn] as const;
  }),
);

/** The function of that name, if the library has one (never an Object.prototype name). */
export function functionNamed(name: string): FunctionSpec | undefined {
  return FUNCTIONS.get(name);
}
