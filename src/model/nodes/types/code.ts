import { z } from 'zod';
import { firstLine, NO_PACKAGES } from '../common.js';
import { defineNode } from '../definition.js';

/** User Python as the body of an `async` function; `input` and `context` in scope. */
export const codeNode = defineNode({
  type: 'code',
  category: 'logic',
  label: 'Python code',
  description:
    'Run Python as the body of an async function; `input` and `context` are in scope; return the output.',
  icon: 'code',
  color: '#0ea5e9',
  outputs: ['out'],
  fields: [
    {
      key: 'code',
      label: 'Code',
      kind: 'code',
      required: true,
      placeholder: 'return {"total": sum(input["items"])}',
    },
  ],
  configSchema: z.object({ code: z.string().min(1, 'Code is required') }),
  packages: () => NO_PACKAGES,
  external: () => false,
  summary: (config) => firstLine(config['code']) || 'no code yet',
  python: {
    kind: 'step',
    userCode: true,
    /**
     * The user's Python as the function body, one indentation level in; the emitter adds the
     * indentation, the user's text is otherwise kept as written. (A line inside a multi-line
     * string literal gets the indentation too — the one place the text can change.)
     */
    generate(out, config) {
      const lines = config.code.split(/\r\n|\r|\n/);
      while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
      for (const line of lines) out.line(line.trim() === '' ? '' : line.replace(/\s+$/, ''));
      if (!lines.some((line) => /^\s*[^\s#]/.test(line))) out.line('return None');
      for (const name of out.sharedFunctions) {
        if (new RegExp(`\\b${name}\\b`).test(config.code)) out.importFrom('shared', name);
      }
    },
  },
});
