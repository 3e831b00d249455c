import type { NodeConfig } from '../../../model/nodes/registry.js';
import { pyNumber } from '../escape.js';
import { compileJsonTemplate, compileTemplateValue } from '../templates.js';
import { emitDict } from './emit-call.js';
import type { NodeGenerator } from './types.js';

/** The reply's status, headers and body; without a body template the node's input is the body. */
export const responseGenerator: NodeGenerator<NodeConfig<'response'>> = {
  kind: 'response',
  emitBody(out, config, { imports }) {
    emitDict(out, 'return ', [
      ['"statusCode"', pyNumber(config.statusCode)],
      ['"headers"', compileTemplateValue(config.headers, imports)],
      ['"body"', compileJsonTemplate(config.body, imports, 'input')],
    ]);
  },
};
