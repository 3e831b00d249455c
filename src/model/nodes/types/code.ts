import type { NodePython } from '../emit.js';
import type { NodeConfig } from '../registry.js';

/**
 * The user's Python as the function body, one indentation level in; the emitter adds the
 * indentation, the user's text is otherwise kept as written. (A line inside a multi-line
 * string literal gets the indentation too — the one place the text can change.)
 */
export const codePython: NodePython<NodeConfig<'code'>> = {
  kind: 'step',
  userCode: true,
  generate(out, config) {
    const lines = config.code.split(/\r\n|\r|\n/);
    while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
    for (const line of lines) out.line(line.trim() === '' ? '' : line.replace(/\s+$/, ''));
    if (!lines.some((line) => /^\s*[^\s#]/.test(line))) out.line('return None');
    for (const name of out.sharedFunctions) {
      if (new RegExp(`\\b${name}\\b`).test(config.code)) out.importFrom('shared', name);
    }
  },
};
