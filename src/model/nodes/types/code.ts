import type { NodeConfig } from '../../../model/nodes/registry.js';
import type { NodeGenerator } from './types.js';

/**
 * The user's Python as the function body, one indentation level in; the emitter adds the
 * indentation, the user's text is otherwise kept as written. (A line inside a multi-line
 * string literal gets the indentation too — the one place the text can change.)
 */
export const codeGenerator: NodeGenerator<NodeConfig<'code'>> = {
  kind: 'step',
  userCode: true,
  emitBody(out, config, { imports, sharedFunctions }) {
    const lines = config.code.split(/\r\n|\r|\n/);
    while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
    for (const line of lines) out.line(line.trim() === '' ? '' : line.replace(/\s+$/, ''));
    if (!lines.some((line) => /^\s*[^\s#]/.test(line))) out.line('return None');
    for (const name of sharedFunctions) {
      if (new RegExp(`\\b${name}\\b`).test(config.code)) imports.from('shared', name);
    }
  },
};
