import type { Emitter } from '../emitter.js';

/**
 * `return await helper(context, arg, …)`, one argument a line when they do not fit on
 * one line, so long templates stay readable.
 */
export function emitReturnAwait(out: Emitter, helper: string, args: readonly string[]): void {
  const single = `return await ${helper}(${['context', ...args].join(', ')})`;
  if (single.length <= 100) {
    out.line(single);
    return;
  }
  out.line(`return await ${helper}(`);
  out.indent(() => {
    for (const arg of ['context', ...args]) out.line(`${arg},`);
  });
  out.line(')');
}

/** A dict literal over several lines: `{`, one `key: value,` a line, `}`, after `prefix`. */
export function emitDict(
  out: Emitter,
  prefix: string,
  entries: ReadonlyArray<[string, string]>,
  suffix = '',
): void {
  if (entries.length === 0) {
    out.line(`${prefix}{}${suffix}`);
    return;
  }
  out.line(`${prefix}{`);
  out.indent(() => {
    for (const [key, value] of entries) out.line(`${key}: ${value},`);
  });
  out.line(`}${suffix}`);
}
