import type { NodePython } from '../emit.js';
import type { NodeConfig } from '../registry.js';

/** The reply's status, headers and body; without a body template the node's input is the body. */
export const responsePython: NodePython<NodeConfig<'response'>> = {
  kind: 'response',
  generate(out, config) {
    out.returnDict([
      ['"statusCode"', out.number(config.statusCode)],
      ['"headers"', out.templateValue(config.headers)],
      ['"body"', out.jsonTemplate(config.body, 'input')],
    ]);
  },
};
